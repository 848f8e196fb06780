// Keeping the neutral message's promise. An officer's update that could go only as the neutral "You have a new
// message … Reply to read it" (someone else may read their messages, or WhatsApp's 24 hours had passed) waits,
// sealed on the case, and goes when the reporter replies on the conversation the neutral message went to, the
// way an officer's held hand-off words do: as a reply through the outbound path's `sendLive`, since they are
// writing to us now. Their reply is not the start of a new report. What marks an update as waiting is the
// neutral message's own delivery record (its `ref` is the update's id); a case event says when it went.
//
// In discreet mode the words go only on a channel they chose as safe; with their code word in the reply when
// they chose one (wrong tries limited as for asking by reference); and never by text when they told us someone
// else may read what we send and chose no code word: they hear we will contact them the way they chose.
import type { CaseRecord, CaseRepository } from '../cases/case.repository';
import type { InboundMessage, TurnHandler, TurnResult } from '../conversation/types';
import type { FieldCipher } from '../crypto/field-cipher';
import type { Logger } from '../log/logger';
import type { Outbound, OutboundMessageRecord } from '../outbound/outbound.service';
import { reporterRoute, updateMessage, type ReporterRoute } from './reach';
import { WRONG_TRIES, type AskLimitStore } from './report-asks';

export const DELIVERED_EVENT = 'reporter.update.delivered';
export const WITHHELD_EVENT = 'reporter.update.withheld';
const UPDATE_EVENT = 'reporter.update';
/** A reply this long after the neutral message no longer brings the update (it may be someone else's phone by then). */
const HELD_DAYS = 28;
const WINDOW_MS = 60 * 60_000;

export interface HeldUpdatesDeps {
  outbound: () => Outbound | undefined;
  repository: Pick<CaseRepository, 'findById' | 'appendEvent'>;
  limits: AskLimitStore;
  cipher: FieldCipher;
  /** The reporter's words in their language (`common:caseUpdate.message`, `common:heldUpdate.*`). */
  words: (locale: string, key: string, params?: Record<string, string>) => string;
  organisationName: string;
  /** Danger, self-harm or a word that works everywhere: the conversation answers it first (safety-first.ts). */
  safetyFirst: (text: string) => boolean;
  logger: Logger;
  now: () => Date;
}

const normalise = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ').split(/\s+/).filter(Boolean);

/** Update ids whose neutral message went to this conversation and whose words have not, newest last. */
function waitingIn(records: OutboundMessageRecord[], since: Date): { id: string; caseId: string }[] {
  const waiting = new Map<string, string>();
  for (const r of records) {
    if (r.kind !== 'proactive' || !r.template || !r.ref || !r.caseId || r.ref.includes(':')) continue;
    if (r.status === 'refused' || r.status === 'failed' || r.status === 'undelivered' || r.createdAt < since) continue;
    waiting.set(r.ref, r.caseId);
  }
  return [...waiting].map(([id, caseId]) => ({ id, caseId }));
}

export function createHeldUpdates(deps: HeldUpdatesDeps) {
  const log = deps.logger.child({ component: 'held-updates' });
  const answer = (locale: string, keys: string[]): TurnResult => ({
    prompts: keys.map((key) => ({ key, text: deps.words(locale, key) })),
    locale,
    ended: false,
    erased: false,
    duplicate: false,
  });

  /** Whether this reply may have the words: 'give', or what to answer instead. */
  async function mayGive(message: InboundMessage, route: ReporterRoute): Promise<'give' | 'pass' | 'codeWord' | 'tooMany' | 'whenSafe'> {
    if (!route.someoneElseReads) return 'give';
    if (!route.channels.includes(message.channel)) return 'pass';
    if (route.codeWord) {
      const at = deps.now();
      const keys = [`held:${message.conversationKey}`];
      const windowStart = new Date(Math.floor(at.getTime() / WINDOW_MS) * WINDOW_MS);
      if ((await deps.limits.wrongSoFar(keys, windowStart)).some((n) => n >= WRONG_TRIES)) return 'tooMany';
      const said = normalise(message.text);
      if (normalise(route.codeWord).every((w) => said.includes(w))) return 'give';
      await deps.limits.countWrong(keys, windowStart);
      return 'codeWord';
    }
    return route.othersRead ? 'whenSafe' : 'give';
  }

  /** The words of the waiting updates as replies, or what to answer instead; undefined: not for us after all. */
  async function release(message: InboundMessage, record: CaseRecord, ids: string[]): Promise<TurnResult | undefined> {
    const outbound = deps.outbound()!;
    const at = deps.now();
    const route = reporterRoute(record, deps.cipher);
    const decision = await mayGive(message, route);
    if (decision === 'pass') return undefined;
    if (decision === 'codeWord') return answer(record.locale, ['common:heldUpdate.codeWord']);
    if (decision === 'tooMany') return answer(record.locale, ['common:reportStatus.tooMany']);
    if (decision === 'whenSafe') {
      // Not by text: the officer is told on the case (once per update) and reaches them another way.
      for (const id of ids) await deps.repository.appendEvent(record.id, { at, type: WITHHELD_EVENT, actor: 'system', note: `update ${id}` }, at);
      return answer(record.locale, ['common:heldUpdate.whenSafe']);
    }
    for (const id of ids) {
      const event = record.events.find((e) => e.type === UPDATE_EVENT && e.note === `update ${id}` && e.detail);
      if (!event) continue;
      const words = updateMessage(deps.words, record.locale, { organisation: deps.organisationName, reference: record.reference, text: deps.cipher.decrypt(event.detail!) }, route.codeWord);
      const channel = message.channel as 'sms' | 'whatsapp';
      // Its delivery records carry the update's id and the reply it answers (a Twilio retry finds them).
      const outcome = await outbound.sendLive({ channel, conversationKey: message.conversationKey, caseId: record.id, ref: `${id}:${message.providerMessageId}`, prompts: [words] });
      await deps.repository.appendEvent(record.id, { at, type: DELIVERED_EVENT, actor: 'system', note: `update ${id} ${outcome.status} on reply ${message.providerMessageId}` }, at);
      log.info({ caseId: record.id, channel, outcome: outcome.status }, 'held update sent on reply');
    }
    return { prompts: [], locale: record.locale, ended: false, erased: false, duplicate: false };
  }

  return {
    /** In front of the conversation on SMS and WhatsApp: a reply to a neutral message brings the update it stood for. */
    answering(next: TurnHandler): TurnHandler {
      return async (message) => {
        const outbound = deps.outbound();
        if (!outbound || message.control || (message.channel !== 'sms' && message.channel !== 'whatsapp')) return next(message);
        const since = new Date(deps.now().getTime() - HELD_DAYS * 86_400_000);
        const waiting = waitingIn(await outbound.listForConversation(message.conversationKey), since);
        if (waiting.length === 0) return next(message);
        // Danger, self-harm, EXIT, HELP: the conversation answers first; the update waits for their next reply.
        if (deps.safetyFirst(message.text)) return next(message);
        const caseId = waiting.at(-1)!.caseId;
        const record = await deps.repository.findById(caseId);
        if (!record) return next(message);
        const done = (id: string) => record.events.some((e) => (e.type === DELIVERED_EVENT && e.note?.startsWith(`update ${id} `)) || (e.type === WITHHELD_EVENT && e.note === `update ${id}`));
        // Twilio sending the same reply again: it was answered already, nothing goes twice.
        if (record.events.some((e) => e.type === DELIVERED_EVENT && e.note?.endsWith(` on reply ${message.providerMessageId}`))) return { prompts: [], locale: record.locale, ended: false, erased: false, duplicate: true };
        const ids = waiting.filter((w) => w.caseId === caseId && !done(w.id)).map((w) => w.id);
        if (ids.length === 0) return next(message);
        return (await release(message, record, ids)) ?? next(message);
      };
    },
  };
}

export type HeldUpdates = ReturnType<typeof createHeldUpdates>;
