// The work dialogs ask for (submit a report, hand off to a person, erase), as ports the composition root
// fills in. Each call carries an idempotency key: a turn retried after a lost race calls again with the
// same key, and the port must answer as it did the first time rather than do the work twice.
import type { ChannelKind, SubmittedReport } from '../../dialogs/shared/contract';
import type { ReportDraft } from '../../dialogs/shared/report';

export type { SubmittedReport } from '../../dialogs/shared/contract';

export interface HandoffRequest {
  key: string;
  sessionId: string;
  conversationKey: string;
  channel: ChannelKind;
  reason: 'asked' | 'not_understood' | 'danger';
  summary: Partial<ReportDraft>;
  /** What the person typed that the dialog could not use: nothing typed is lost. */
  unmatched: string[];
}

/** Where a report came from, so the case can link its conversation and find its sender's number again. */
export interface ReportOrigin {
  conversationKey: string;
  channel: ChannelKind;
}

export interface EffectPorts {
  /** Idempotent by `report.sessionId`: one conversation never makes two cases. */
  submitReport(report: ReportDraft, origin: ReportOrigin): Promise<SubmittedReport>;
  requestHandoff(req: HandoffRequest): Promise<{ expectedReply: 'in_hours' | 'next_working_day' }>;
  /** Quick exit: channels and evidence forget this conversation too. */
  erase(req: { sessionId: string; conversationKey: string; channel: ChannelKind }): Promise<void>;
}
