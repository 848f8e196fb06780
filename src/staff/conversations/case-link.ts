// What a conversation with a person becomes: a new case from what the assistant gathered (the officer says
// what it is about when the person had not), or a line on a case that already exists; the officer's notes go
// on it, sealed, and the conversation itself stays with the case for as long as the case is kept.
import type { CaseService } from '../../cases/case.service';
import type { HandoffView } from '../../cases/handoff.service';

type ReportDraftInput = Parameters<CaseService['submitReport']>[0];

export interface CaseLinkDeps {
  cases: {
    submitReport(report: ReportDraftInput, link: { conversationKey?: string }): Promise<{ caseId: string; reference: string }>;
    locate(idOrReference: string): Promise<{ id: string; reference: string } | undefined>;
    recordEvent(caseId: string, event: { type: string; actor?: string; note?: string }): Promise<void>;
  };
  /** A private note on the case (sealed), as the case actions write them. */
  addNote(caseId: string, actorId: string, text: string): Promise<void>;
  landlordId: string;
}

export type CaseChoice = { make: { categoryId: string } } | { join: { reference: string } };

export function createCaseLink(deps: CaseLinkDeps) {
  return {
    /** The case the conversation becomes or joins; undefined when the reference names no case. */
    async link(view: HandoffView, choice: CaseChoice, officer: { id: string }, notes: string): Promise<{ caseId: string; caseReference: string } | undefined> {
      let target: { caseId: string; reference: string } | undefined;
      if ('join' in choice) {
        const found = await deps.cases.locate(choice.join.reference);
        target = found && { caseId: found.id, reference: found.reference };
      } else {
        target = await deps.cases.submitReport(draftFrom(view, choice.make.categoryId, deps.landlordId), view.summary.anonymity === 'anonymous' || !view.conversationKey ? {} : { conversationKey: view.conversationKey });
      }
      if (!target) return undefined;
      await deps.cases.recordEvent(target.caseId, { type: 'conversation.withStaff', actor: officer.id, note: `conversation with a person (${view.channel})` });
      if (notes.trim()) await deps.addNote(target.caseId, officer.id, notes.trim());
      return { caseId: target.caseId, caseReference: target.reference };
    },
  };
}

/** What the assistant gathered, completed with what a case needs that the person had not said yet. */
export function draftFrom(view: HandoffView, categoryId: string, landlordId: string): ReportDraftInput {
  const s = view.summary;
  const description = [s.incident?.description ?? '', ...view.unmatched].filter((t) => t.trim() !== '').join('\n');
  return {
    ...(s as object),
    landlordId: s.landlordId ?? landlordId,
    channel: (s.channel ?? view.channel) as ReportDraftInput['channel'],
    sessionId: view.sessionId,
    safety: { safeToTalk: true, ...(s.safety ?? {}), immediateDangerAtStart: view.reason === 'danger' || s.safety?.immediateDangerAtStart === true },
    reporter: { role: 'victim', ...(s.reporter ?? {}) },
    incident: { hateMotivations: [], domesticAbuseForms: [], ...(s.incident ?? {}), categoryId: s.incident?.categoryId ?? categoryId, description },
    // Until the person says otherwise, who they are is kept to the team that needs it.
    anonymity: s.anonymity ?? 'confidential',
  } as ReportDraftInput;
}
