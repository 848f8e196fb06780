// Submitting a finished report, as the dialog's `submitReport` effect: the case is made (idempotent on the
// conversation's session), the evidence sent during the conversation goes with it, and an anonymous report
// leaves nothing that leads back to the sender: its case keeps no conversation key, its evidence is unlinked
// from the conversation, and the number the conversation came from is forgotten.
import type { ReportOrigin, SubmittedReport } from '../conversation/effects';
import type { ReportDraft } from '../../dialogs/shared/report';
import type { EvidenceStore } from '../evidence/evidence.store';
import type { SubmitLink, SubmitResult } from './case.service';

export interface ReportSubmissionDeps {
  cases: { submitReport(report: ReportDraft, link: SubmitLink): Promise<SubmitResult> };
  evidence: Pick<EvidenceStore, 'attachToCase' | 'attachConversation' | 'unlinkFromConversation'>;
  /** Where the conversation's replies go (SMS and WhatsApp); absent when no phone channel is configured. */
  contacts?: { addressOf(conversationKey: string): Promise<string | undefined>; forget(conversationKey: string): Promise<void> };
  timeZone: string;
}

/** "2026-11-24" → "Tuesday 24 November", in the person's language. */
export function readableDate(isoDate: string, locale: string, timeZone: string): string {
  const at = new Date(`${isoDate}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return isoDate;
  try {
    return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(at);
  }
}

export function createReportSubmission(deps: ReportSubmissionDeps) {
  return async function submitReport(report: ReportDraft, origin: ReportOrigin): Promise<SubmittedReport> {
    const anonymous = report.anonymity === 'anonymous';
    // The sender's number (SMS, WhatsApp) lets STOP and repeat reports find a named case; the case service
    // keeps only its keyed hash, and nothing of it on an anonymous case.
    const phoneChannel = origin.channel === 'sms' || origin.channel === 'whatsapp';
    const senderAddress = phoneChannel && !anonymous ? await deps.contacts?.addressOf(origin.conversationKey) : undefined;
    const result = await deps.cases.submitReport(report, { conversationKey: origin.conversationKey, senderAddress });
    if (!result.signposted) {
      await deps.evidence.attachToCase(report.evidence?.mediaIds ?? [], result.caseId);
      // Photos sent at a question that did not ask for them still belong to the report.
      await deps.evidence.attachConversation(origin.conversationKey, result.caseId);
    }
    if (anonymous) {
      await deps.evidence.unlinkFromConversation(result.caseId);
      if (phoneChannel) await deps.contacts?.forget(origin.conversationKey);
    }
    const due = result.submitted.firstResponseDue;
    return due ? { ...result.submitted, firstResponseDue: readableDate(due, report.locale, deps.timeZone) } : result.submitted;
  };
}
