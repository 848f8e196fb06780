// The dialog's report effects: submitting a finished report, and opening (then updating) the urgent case of a
// report still being written. The case is made idempotently on the conversation's session; the evidence sent
// during the conversation goes with it; and an anonymous report leaves nothing that leads back to the sender:
// its case keeps no conversation key, its evidence is unlinked from the conversation, and the number the
// conversation came from is forgotten.
import type { ReportOrigin, SubmittedReport } from '../conversation/effects';
import type { ReportDraft } from '../../dialogs/shared/report';
import type { EvidenceStore } from '../evidence/evidence.store';
import type { SubmitLink, SubmitResult } from './case.service';

export interface ReportSubmissionDeps {
  cases: {
    submitReport(report: ReportDraft, link: SubmitLink): Promise<SubmitResult>;
    openUrgentCase(report: ReportDraft, link: SubmitLink): Promise<{ caseId: string; reference: string }>;
  };
  evidence: Pick<EvidenceStore, 'attachToCase' | 'attachConversation' | 'unlinkFromConversation'>;
  /** Where the conversation's replies go (SMS and WhatsApp); absent when no phone channel is configured. */
  contacts?: { addressOf(conversationKey: string): Promise<string | undefined>; forget(conversationKey: string): Promise<void> };
  /** Conversations with a person in this session join the case it made (after a hand-back). */
  handoffs?: { attachSession(sessionId: string, caseId: string, caseReference: string, anonymous: boolean): Promise<void> };
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
  const phoneChannel = (origin: ReportOrigin) => origin.channel === 'sms' || origin.channel === 'whatsapp';

  /** The link to the conversation: its key, and (SMS, WhatsApp, not anonymous) the number it came from, for STOP and repeats. */
  async function linkOf(report: ReportDraft, origin: ReportOrigin): Promise<SubmitLink> {
    const senderAddress = phoneChannel(origin) && report.anonymity !== 'anonymous' ? await deps.contacts?.addressOf(origin.conversationKey) : undefined;
    return { conversationKey: origin.conversationKey, senderAddress };
  }

  /** Photos sent so far belong to the case (also those sent at a question that did not ask for them). */
  async function attachEvidence(report: ReportDraft, origin: ReportOrigin, caseId: string): Promise<void> {
    await deps.evidence.attachToCase(report.evidence?.mediaIds ?? [], caseId);
    await deps.evidence.attachConversation(origin.conversationKey, caseId);
  }

  return {
    async submitReport(report: ReportDraft, origin: ReportOrigin): Promise<SubmittedReport> {
      const result = await deps.cases.submitReport(report, await linkOf(report, origin));
      if (!result.signposted) await attachEvidence(report, origin, result.caseId);
      await deps.handoffs?.attachSession(report.sessionId, result.caseId, result.reference, report.anonymity === 'anonymous');
      if (report.anonymity === 'anonymous') {
        if (!result.signposted) await deps.evidence.unlinkFromConversation(result.caseId);
        if (phoneChannel(origin)) await deps.contacts?.forget(origin.conversationKey);
      }
      const due = result.submitted.firstResponseDue;
      return due ? { ...result.submitted, firstResponseDue: readableDate(due, report.locale, deps.timeZone) } : result.submitted;
    },

    /** Opens the urgent case, or brings it up to date; what was sent so far is kept with it, even if the person stops. */
    async openUrgentCase(report: ReportDraft, origin: ReportOrigin): Promise<{ reference: string }> {
      const opened = await deps.cases.openUrgentCase(report, await linkOf(report, origin));
      await attachEvidence(report, origin, opened.caseId);
      return { reference: opened.reference };
    },
  };
}
