// The closing survey (OVH 3.9.1, TSM TP12): when an investigated case is closed and the reporter can be reached,
// the closure and a 1-5 question on how we handled it go through the one outbound path, then a second on the
// outcome; their numbers are stored on the case's one survey record (CaseRecord.survey), which the performance
// report counts; then one optional reply in their own words, kept sealed in the case's history. Never sent to an
// anonymous report, to someone whose messages someone else may read, or against anything the outbound path refuses;
// refused only for their safe times, it is tried again by housekeeping once it is within them. A reply that is not
// a number from 1 to 5 goes on to the conversation (but for the one free-text reply asked for). That reply is kept
// only when it reads as a comment: one that reads as a new incident or a request (reads-as-new.ts) starts a report
// instead, and ends the wait, so that nothing they send next can be filed on the closed case either.
import type { CaseRecord, CaseRepository } from '../cases/case.repository';
import type { FieldCipher } from '../crypto/field-cipher';
import { withinSafeTimes } from '../outbound/safe-times';
import type { InboundMessage, TurnHandler, TurnResult } from '../conversation/types';
import type { Logger } from '../log/logger';
import type { Reach } from './reach';

/** `pending`: held back for safe times, not sent yet (its key is `pending:<case id>`, not a conversation). */
export type SurveyStep = 'pending' | 'approach' | 'outcome' | 'comment' | 'done';

export interface SurveyWait {
  conversationKey: string;
  caseId: string;
  reference: string;
  locale: string;
  step: SurveyStep;
  /** The provider id of the last answer taken: the same message again is a retry, not an answer. */
  lastMessageId?: string;
  expiresAt: Date;
}

export interface SurveyWaitStore {
  ensureIndexes(): Promise<void>;
  find(conversationKey: string): Promise<SurveyWait | undefined>;
  put(wait: SurveyWait): Promise<void>;
  /** Compare-and-set on the step: false when another answer moved it first. */
  advance(conversationKey: string, from: SurveyStep, to: Partial<Omit<SurveyWait, 'conversationKey'>>): Promise<boolean>;
  removeExpired(now: Date): Promise<number>;
  /** Surveys held back for safe times. */
  listPending(limit: number): Promise<SurveyWait[]>;
  remove(conversationKey: string): Promise<void>;
}

/** The TSM's five answers, in the order of the numbers 1 to 5. */
const ANSWERS = ['very_satisfied', 'fairly_satisfied', 'neither', 'fairly_dissatisfied', 'very_dissatisfied'] as const;
/** Statuses a case is closed from after it was investigated (one step at a time: new → acknowledged → investigating). */
const INVESTIGATED: readonly string[] = ['investigating', 'action_plan_agreed'];
const ANSWER_DAYS = 14;
/** Their own words are taken as the survey's last answer only this soon after it asked for them. */
const COMMENT_HOURS = 24;
const pendingKey = (caseId: string) => `pending:${caseId}`;

export type SurveyOutcome = 'sent' | 'notInvestigated' | 'anonymous' | 'someoneElseReads' | 'noTextChannel' | 'notConfigured' | string;

export interface ClosingSurveyDeps {
  reach: () => Reach | undefined;
  repository: Pick<CaseRepository, 'recordSurvey' | 'appendEvent' | 'findById'>;
  waits: SurveyWaitStore;
  cipher: FieldCipher;
  /** Danger, self-harm or a word that works everywhere: never taken as a survey comment (safety-first.ts). */
  safetyFirst: (text: string) => boolean;
  /** A new incident ("again"), a kind of problem, or a request to be contacted: a report, not a comment (reads-as-new.ts). */
  readsAsNew: (text: string, locale: string) => boolean;
  /** The reporter's words in their language (`common:closingSurvey.*`). */
  words: (locale: string, key: string, params?: Record<string, string>) => string;
  organisationName: string;
  logger: Logger;
  now: () => Date;
}

export function createClosingSurvey(deps: ClosingSurveyDeps) {
  const log = deps.logger.child({ component: 'closing-survey' });
  const prompt = (locale: string, key: string, params?: Record<string, string>) => ({ key: `common:closingSurvey.${key}`, text: deps.words(locale, `common:closingSurvey.${key}`, params) });
  const reply = (wait: SurveyWait, key: string): TurnResult => ({ prompts: [prompt(wait.locale, key)], locale: wait.locale, ended: false, erased: false, duplicate: false });

  /** Why no survey goes, or undefined when one may be tried. */
  function withheld(record: CaseRecord, closedFrom: string, route: ReturnType<Reach['route']>): SurveyOutcome | undefined {
    if (record.anonymity === 'anonymous') return 'anonymous';
    if (!INVESTIGATED.includes(closedFrom)) return 'notInvestigated';
    // A neutral "new message" is no use for a survey, and the survey itself would say what it is about.
    if (route.someoneElseReads) return 'someoneElseReads';
    if (!route.channels.some((c) => c === 'sms' || c === 'whatsapp')) return 'noTextChannel';
    return undefined;
  }

  const startsReport = (words: string, wait: SurveyWait) => words.length > 0 && (deps.safetyFirst(words) || deps.readsAsNew(words, wait.locale));

  async function answer(message: InboundMessage, wait: SurveyWait, next: TurnHandler): Promise<TurnResult> {
    const number = /^\s*([1-5])\s*[.!]?\s*$/.exec(message.text)?.[1];
    if (message.providerMessageId === wait.lastMessageId) return reply(wait, wait.step === 'outcome' ? 'outcome' : wait.step === 'comment' ? 'comment' : 'thanks');
    if (wait.step === 'comment') return comment(message, wait, next);
    if (!number || wait.step === 'done') {
      // Anything else is for the conversation; a survey half answered counts with what it has.
      if (wait.step === 'outcome' && (await deps.waits.advance(wait.conversationKey, 'outcome', { step: 'done' }))) {
        await deps.repository.recordSurvey(wait.caseId, { answeredAt: deps.now() }, { at: deps.now(), type: 'survey.answered', actor: 'reporter', note: 'approach only' });
      } else if (wait.step === 'approach' && startsReport(message.text.trim(), wait)) {
        // A report started before the first score ("AGAIN" with the closed case's reference, danger, a request):
        // the survey stops waiting, so the "1" that answers the report's first question is not taken for a score.
        await deps.waits.advance(wait.conversationKey, 'approach', { step: 'done' });
      }
      return next(message);
    }
    const value = ANSWERS[Number(number) - 1]!;
    const at = deps.now();
    if (wait.step === 'approach') {
      if (!(await deps.waits.advance(wait.conversationKey, 'approach', { step: 'outcome', lastMessageId: message.providerMessageId }))) return next(message);
      await deps.repository.recordSurvey(wait.caseId, { approach: value }, { at, type: 'survey.approach', actor: 'reporter', note: value });
      return reply(wait, 'outcome');
    }
    if (!(await deps.waits.advance(wait.conversationKey, 'outcome', { step: 'comment', lastMessageId: message.providerMessageId, expiresAt: new Date(at.getTime() + COMMENT_HOURS * 3_600_000) }))) return next(message);
    await deps.repository.recordSurvey(wait.caseId, { outcome: value, answeredAt: at }, { at, type: 'survey.answered', actor: 'reporter', note: value });
    return reply(wait, 'comment');
  }

  /**
   * The one reply in their own words after the scores: sealed in the history. Danger, a safety word, a photo, a new
   * incident or a request is the conversation's, and ends the wait (its retry goes there too: that message's id is
   * not the wait's), so an answer to what the conversation asks next is not taken for a comment.
   */
  async function comment(message: InboundMessage, wait: SurveyWait, next: TurnHandler): Promise<TurnResult> {
    const words = message.text.trim();
    if (!words || message.media?.length || startsReport(words, wait)) {
      await deps.waits.advance(wait.conversationKey, 'comment', { step: 'done' });
      log.info({ caseId: wait.caseId }, 'closing survey: the reply to its last question went to the conversation, not kept as a comment');
      // A report they start now is in the language we last wrote to them in, unless their words say otherwise.
      return next(message.localeHint ? message : { ...message, localeHint: wait.locale });
    }
    if (!(await deps.waits.advance(wait.conversationKey, 'comment', { step: 'done', lastMessageId: message.providerMessageId }))) return next(message);
    const at = deps.now();
    await deps.repository.appendEvent(wait.caseId, { at, type: 'survey.comment', actor: 'reporter', detail: deps.cipher.encrypt(words) }, at);
    return reply(wait, 'thanks');
  }

  /** The first question through the outbound path; when it went, the survey waits for their numbers. */
  async function sendFirst(record: CaseRecord, reach: Reach, route: ReturnType<Reach['route']>, at: Date): Promise<SurveyOutcome> {
    // Its words or nothing: "you have a new message, reply to read it" cannot ask the question (a conversation on
    // their number may have said since that someone else reads their messages, which the case does not know).
    const sent = await reach.send(record, route, { prompts: [prompt(record.locale, 'approach', { organisation: deps.organisationName, reference: record.reference })], wordsOnly: true }, `survey:${record.id}`);
    if (sent.outcome.status === 'refused') return sent.outcome.reason === 'neutral_only' ? 'someoneElseReads' : sent.outcome.reason;
    if (sent.outcome.status !== 'sent') return 'failed';
    await deps.waits.put({ conversationKey: sent.conversationKey, caseId: record.id, reference: record.reference, locale: record.locale, step: 'approach', expiresAt: new Date(at.getTime() + ANSWER_DAYS * 86_400_000) });
    await deps.repository.recordSurvey(record.id, { sentAt: at }, { at, type: 'survey.sent', actor: 'system', note: sent.channel });
    log.info({ caseId: record.id, channel: sent.channel }, 'closing survey sent');
    return 'sent';
  }

  return {
    ensureIndexes: () => deps.waits.ensureIndexes(),

    /** After a case is closed (`record` as it was just before): the closure and the first question, when allowed. */
    async afterClosed(record: CaseRecord): Promise<SurveyOutcome> {
      const reach = deps.reach();
      if (!reach) return 'notConfigured';
      const route = reach.route(record);
      const at = deps.now();
      const skip = withheld(record, record.status, route);
      if (skip) {
        await deps.repository.appendEvent(record.id, { at, type: 'survey.notSent', actor: 'system', note: skip }, at);
        return skip;
      }
      const outcome = await sendFirst(record, reach, route, at);
      if (outcome !== 'sent') await deps.repository.appendEvent(record.id, { at, type: 'survey.notSent', actor: 'system', note: outcome }, at);
      // Outside their safe times: held back, and tried again once it is within them (housekeeping).
      if (outcome === 'outside_safe_times') await deps.waits.put({ conversationKey: pendingKey(record.id), caseId: record.id, reference: record.reference, locale: record.locale, step: 'pending', expiresAt: new Date(at.getTime() + ANSWER_DAYS * 86_400_000) });
      return outcome;
    },

    /** Housekeeping: surveys held back for safe times go once it is within them; any other refusal ends the wait. */
    async retryHeld(): Promise<number> {
      const reach = deps.reach();
      if (!reach) return 0;
      let sent = 0;
      for (const wait of await deps.waits.listPending(200)) {
        const at = deps.now();
        const record = await deps.repository.findById(wait.caseId);
        if (!record || wait.expiresAt.getTime() < at.getTime()) {
          await deps.waits.remove(wait.conversationKey);
          continue;
        }
        const route = reach.route(record);
        // Not yet within them: nothing is tried (and nothing refused is recorded) until it is.
        if (route.safeTimes && !withinSafeTimes(route.safeTimes, at)) continue;
        const outcome = await sendFirst(record, reach, route, at);
        if (outcome === 'outside_safe_times') continue;
        await deps.waits.remove(wait.conversationKey);
        if (outcome === 'sent') sent += 1;
        else await deps.repository.appendEvent(record.id, { at, type: 'survey.notSent', actor: 'system', note: outcome }, at);
      }
      return sent;
    },

    /** In front of the conversation on SMS and WhatsApp: a number from 1 to 5 answers a survey waiting for one. */
    answering(next: TurnHandler): TurnHandler {
      return async (message) => {
        if (message.control || (message.channel !== 'sms' && message.channel !== 'whatsapp')) return next(message);
        const wait = await deps.waits.find(message.conversationKey);
        if (!wait || wait.expiresAt.getTime() < deps.now().getTime()) return next(message);
        return answer(message, wait, next);
      };
    },

    removeExpired: () => deps.waits.removeExpired(deps.now()),
  };
}

export type ClosingSurvey = ReturnType<typeof createClosingSurvey>;
