// The work dialogs ask for (submit a report, hand off to a person, erase), as ports the composition root
// fills in. Each call carries an idempotency key: a turn retried after a lost race calls again with the
// same key, and the port must answer as it did the first time rather than do the work twice.
import type { ChannelKind, SubmittedReport } from '../../dialogs/shared/contract';
import type { ReportDraft } from '../../dialogs/shared/report';
import type { HandoffInput } from '../cases/handoff.service';

export type { SubmittedReport } from '../../dialogs/shared/contract';

/** A hand-off as the case side takes it; from the runtime, what the person typed that the dialog could not use always comes along. */
export type HandoffRequest = HandoffInput & { unmatched: string[] };

/** Where a report came from, so the case can link its conversation and find its sender's number again. */
export interface ReportOrigin {
  conversationKey: string;
  channel: ChannelKind;
}

export interface EffectPorts {
  /** Idempotent by `report.sessionId`: one conversation never makes two cases. */
  submitReport(report: ReportDraft, origin: ReportOrigin): Promise<SubmittedReport>;
  requestHandoff(req: HandoffRequest): Promise<{ expectedReply: 'in_hours' | 'next_working_day' }>;
  /** High risk known before the end: opens the urgent case, or brings it up to date. Idempotent by `report.sessionId`. */
  openUrgentCase(report: ReportDraft, origin: ReportOrigin): Promise<{ reference: string }>;
  /** Discreet mode has begun: everything sent later on our own initiative to this conversation is neutral. Idempotent. */
  keepDiscreet?(origin: ReportOrigin): Promise<void>;
}
