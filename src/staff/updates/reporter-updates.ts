// An officer's update to the person who reported: written on the case (sealed), then sent only through the one
// outbound path, which decides against their safe-contact choices (channel, safe times, someone else reading,
// STOP, the WhatsApp window). What the path said is kept on its delivery records under the update's id, so the
// case shows each update with what became of it; a refusal comes back with what would work instead.
import { randomUUID } from 'node:crypto';
import type { CaseRecord, CaseRepository } from '../../cases/case.repository';
import type { FieldCipher } from '../../crypto/field-cipher';
import { codeWordCost, createReach, reporterRoute, updateMessage, type ReporterRoute } from '../../follow-up/reach';
import type { Outbound, OutboundMessageRecord, RefusalReason } from '../../outbound/outbound.service';

/** Two SMS segments with the words around it (common:caseUpdate.message); less their code word's length when they chose one. */
export const MAX_UPDATE_LENGTH = 240;
export const UPDATE_EVENT = 'reporter.update';
/** The Community Trigger: they were told of their right to an ASB Case Review, or only the neutral message could go. */
export const CASE_REVIEW_EVENT = 'reporter.caseReview';
const CASE_REVIEW_NOT_GIVEN = 'reporter.caseReviewNotGiven';

/** The pack's threshold was met (triage's flag) and the right has not yet gone to them in words. */
const caseReviewOwed = (record: CaseRecord): boolean =>
  record.triage.flags.communityTriggerCandidate && !record.events.some((e) => e.type === CASE_REVIEW_EVENT);

export type UpdateRefusal =
  | 'anonymous'
  | 'closed'
  | 'empty'
  | 'tooLong'
  | 'notConfigured'
  | 'conflict'
  | 'no_channel'
  | 'failed'
  /** The outbound path's own refusals (safe contact, opt-outs, the WhatsApp window), passed on as they are. */
  | RefusalReason;

export type UpdateResult =
  | { ok: true; channel: 'sms' | 'whatsapp'; neutral: boolean }
  | { ok: false; reason: UpdateRefusal; channel?: 'sms' | 'whatsapp'; errorCode?: number; instead: string[] };

export interface ReporterUpdatesDeps {
  repository: Pick<CaseRepository, 'change' | 'appendEvent'>;
  outbound: () => Outbound | undefined;
  cipher: FieldCipher;
  hashSecret: string;
  /** The reporter's words in their language (`common:caseUpdate.message`). */
  words: (locale: string, key: string, params: Record<string, string>) => string;
  organisationName: string;
  now: () => Date;
  /** An update went (its words, or the neutral message standing for them): the agreed plan's next update moves. */
  onSent?: (caseId: string, at: Date) => Promise<void>;
}

/** Ways they chose that staff can still use when a text cannot go (`case.updates.instead.*`). */
function otherWays(route: ReporterRoute, refused: string | undefined): string[] {
  const ways = route.channels.filter((c) => c !== refused && c !== 'webchat').map((c) => (c === 'phone' && !route.voicemailOk ? 'phoneNoVoicemail' : c));
  return ways.length > 0 ? ways : ['askByReference'];
}

export function createReporterUpdates(deps: ReporterUpdatesDeps) {
  const { cipher } = deps;

  return {
    /** Whether an update can be offered at all on this case (the form is not shown otherwise). */
    availability(record: CaseRecord): 'ok' | 'anonymous' | 'closed' | 'notConfigured' {
      if (record.anonymity === 'anonymous') return 'anonymous';
      if (record.status === 'closed') return 'closed';
      return deps.outbound() ? 'ok' : 'notConfigured';
    },

    /** How long the officer's words may be on this case: two text messages, less their code word when they chose one. */
    maxLength: (record: CaseRecord) => MAX_UPDATE_LENGTH - codeWordCost(reporterRoute(record, cipher).codeWord),

    async send(record: CaseRecord, actor: { id: string }, revision: number, text: string): Promise<UpdateResult> {
      const words = text.trim();
      const available = this.availability(record);
      if (available !== 'ok') return { ok: false, reason: available, instead: [] };
      if (!words) return { ok: false, reason: 'empty', instead: [] };
      const outbound = deps.outbound()!;
      const reach = createReach({ outbound, cipher, hashSecret: deps.hashSecret });
      const route = reach.route(record);
      // Their code word goes with the words (so they know it is us), in the same two text messages.
      if (words.length > MAX_UPDATE_LENGTH - codeWordCost(route.codeWord)) return { ok: false, reason: 'tooLong', instead: [] };
      // No way chosen is not "any way": nothing goes (hasContactRoute reads the report the same way).
      if (route.channels.length === 0) return { ok: false, reason: 'no_channel', instead: ['askByReference'] };

      // Written on the case first, at the revision the officer saw: a second press of the button sends nothing.
      const id = randomUUID();
      const at = deps.now();
      const changed = await deps.repository.change(record.id, revision, {}, { at, type: UPDATE_EVENT, actor: actor.id, note: `update ${id}`, detail: cipher.encrypt(words) });
      if (changed !== 'changed') return { ok: false, reason: 'conflict', instead: [] };

      const message = updateMessage(deps.words, record.locale, { organisation: deps.organisationName, reference: record.reference, text: words }, route.codeWord);
      // Community Trigger (OVH 3.7.3, 3.9.4; the 2014 Act s104): the next update tells them of their right to a review.
      const caseReview = caseReviewOwed(record) ? [{ key: 'common:caseUpdate.caseReview', text: deps.words(record.locale, 'common:caseUpdate.caseReview', {}) }] : [];
      let { outcome, channel } = await reach.send(record, route, { prompts: [message, ...caseReview] }, id);
      // Outside WhatsApp's 24 hours only the approved neutral message may go; the words stay on the case.
      if (outcome.status === 'refused' && outcome.reason === 'template_required') ({ outcome, channel } = await reach.send(record, route, { template: { name: 'newMessage' } }, id));
      if (outcome.status === 'sent') {
        // What went, as the outbound path says: the neutral message instead of the words when someone else may read
        // them (on the case, or said since in a conversation on this number), or outside WhatsApp's 24 hours. Then
        // the right was not given in words and stays owed.
        const neutral = outcome.template !== undefined;
        if (caseReview.length > 0) await deps.repository.appendEvent(record.id, { at, type: neutral ? CASE_REVIEW_NOT_GIVEN : CASE_REVIEW_EVENT, actor: 'system' }, at);
        await deps.onSent?.(record.id, at);
        return { ok: true, channel, neutral };
      }
      if (outcome.status === 'failed') return { ok: false, reason: 'failed', channel, ...(outcome.errorCode !== undefined ? { errorCode: outcome.errorCode } : {}), instead: otherWays(route, channel) };
      return { ok: false, reason: outcome.reason, channel, instead: otherWays(route, outcome.reason === 'channel_not_allowed' ? undefined : channel) };
    },

    /** The updates on a case, newest first, each with what the outbound path did with it. */
    async list(record: CaseRecord): Promise<{ id: string; at: Date; actor: string; text: string; deliveries: OutboundMessageRecord[] }[]> {
      const updates = record.events.filter((e) => e.type === UPDATE_EVENT && e.detail && e.note?.startsWith('update '));
      if (updates.length === 0) return [];
      const records = (await deps.outbound()?.listForCase(record.id)) ?? [];
      return updates
        .map((e) => {
          const id = e.note!.slice('update '.length);
          // The neutral message, then the words themselves when they replied to it (held-updates.ts).
          return { id, at: e.at, actor: e.actor, text: cipher.decrypt(e.detail!), deliveries: records.filter((r) => r.ref === id || r.ref?.startsWith(`${id}:`)) };
        })
        .reverse();
    },
  };
}

export type ReporterUpdates = ReturnType<typeof createReporterUpdates>;
