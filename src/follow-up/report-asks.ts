// The reporter asks, on any channel: a message that is a case reference (and the code word, when they chose
// one) hears the case's stage in plain words and the next step, and nothing else about the case; "again" with
// the reference and what happened adds a dated entry to the open case and tells its officer (NM01: a further
// report about the same problem belongs to the open case). A reference that names no case, and a wrong or
// missing code word, get the same neutral answer; wrong tries are limited per conversation and per reference.
import type { CaseRecord, CaseRepository } from '../cases/case.repository';
import { REFERENCE_ALPHABET } from '../cases/case-record';
import type { FieldCipher } from '../crypto/field-cipher';
import type { InboundMessage, TurnHandler, TurnResult } from '../conversation/types';
import type { Logger } from '../log/logger';
import { reporterRoute } from './reach';

export interface AskLimitStore {
  ensureIndexes(): Promise<void>;
  /** Adds one wrong try to each key's count for the window starting `windowStart`; returns the counts after. */
  countWrong(keys: string[], windowStart: Date): Promise<number[]>;
  /** Wrong tries so far in the window, per key. */
  wrongSoFar(keys: string[], windowStart: Date): Promise<number[]>;
  removeBefore(before: Date): Promise<number>;
}

const LETTERS = `[${REFERENCE_ALPHABET}]`;
const REFERENCE = new RegExp(`(?:^|[^A-Z0-9])(${LETTERS}{4})[\\s-]?(${LETTERS}{4})(?=$|[^A-Z0-9])`, 'g');
/** Wrong tries allowed per conversation and per reference in a window. */
export const WRONG_TRIES = 5;
const WINDOW_MS = 60 * 60_000;
/** Words that may come with a reference in a question about it (anything longer is a report, not a question). */
const ASKING_WORDS = new Set(['status', 'update', 'updates', 'news', 'progress', 'how', 'is', 'my', 'report', 'case', 'reference', 'ref', 'going', 'please', 'hi', 'hello', 'whats', "what's", 'happening', 'with', 'the', 'about', 'code', 'word', 'codeword', 'any', 'on', 'check']);
/** "Again" when no reader of every language's words is given (again-words.ts reads them). */
const AGAIN = /\b(again|another|new incident|happened)\b/i;

export interface ReportAsksDeps {
  repository: Pick<CaseRepository, 'findByReference' | 'appendEvent' | 'addAlert'>;
  limits: AskLimitStore;
  cipher: FieldCipher;
  /** The reporter's words (`common:reportStatus.*`) in their language. */
  words: (locale: string, key: string, params?: Record<string, string>) => string;
  /** "Tuesday 4 March" in this language, in the landlord's time zone. */
  day: (at: Date, locale: string) => string;
  /** Danger, self-harm or a word that works everywhere: the conversation must hear it (safety-first.ts). */
  safetyFirst: (text: string) => boolean;
  /** The message says "again" in any shipped language (again-words.ts); English only without it. */
  saysAgain?: (text: string) => boolean;
  newId: () => string;
  logger: Logger;
  now: () => Date;
}

const normalise = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}' ]+/gu, ' ').split(/\s+/).filter(Boolean);

export function createReportAsks(deps: ReportAsksDeps) {
  const log = deps.logger.child({ component: 'report-asks' });
  const saysAgain = deps.saysAgain ?? ((text: string) => AGAIN.test(text));
  const answer = (locale: string, ...lines: [string, Record<string, string>?][]): TurnResult => ({
    prompts: lines.map(([key, params]) => ({ key: `common:reportStatus.${key}`, text: deps.words(locale, `common:reportStatus.${key}`, params) })),
    locale,
    ended: false,
    erased: false,
    duplicate: false,
  });

  /** What the message asks: a status, a new incident, or nothing for us (the conversation takes it). */
  function read(text: string): { reference: string; rest: string[]; again: boolean; said: string } | undefined {
    const upper = text.toUpperCase();
    for (const match of upper.matchAll(REFERENCE)) {
      const reference = `${match[1]}-${match[2]}`;
      const start = match.index + match[0].indexOf(match[1]!);
      const end = match.index + match[0].length;
      const said = (text.slice(0, start) + ' ' + text.slice(end)).trim();
      const rest = normalise(said);
      // Written with its dash, or with a digit, it is a reference. Eight plain letters, or two four-letter words
      // side by side, are words far more often ("bluebell" as a code word, "thursday" for when, "shouting THAT THEY
      // will get me", "by the BACK GATE"): a reference only with asking words beside it and nothing else ("status
      // BLUEBELL", "status ABCD EFGH").
      const certain = upper.slice(start, end).includes('-') || /\d/.test(match[1]! + match[2]!);
      if (!certain && (rest.length === 0 || !rest.every((w) => ASKING_WORDS.has(w)))) continue;
      return { reference, rest, again: rest.length >= 3 && saysAgain(said), said };
    }
    return undefined;
  }

  /** The stage in plain words, the next step, how to add to it while it is open, and 999. Nothing else about the case. */
  function stage(record: CaseRecord, locale: string): [string, Record<string, string>?][] {
    const lines: [string, Record<string, string>?][] = [[`stage.${record.status}`, { reference: record.reference }]];
    const contactable = record.anonymity !== 'anonymous';
    if (record.status === 'closed') lines.push(['next.closed']);
    else if (!record.sla.firstRespondedAt && record.firstResponseDue && contactable) lines.push(['next.firstResponse', { day: deps.day(record.firstResponseDue, locale) }]);
    else if (contactable) lines.push(['next.keepInformed']);
    else lines.push(['next.askAgain']);
    if (record.status !== 'closed') lines.push(['howToAdd']);
    lines.push(['danger']);
    return lines;
  }

  /**
   * "Again" about a closed case: what they wrote starts a new report (a frightened person never writes it twice),
   * the dialog hearing it without the reference and code word, in the case's language unless the conversation
   * already has one. They hear first that the old report is closed; danger in it is answered before that (999).
   */
  async function startNew(message: InboundMessage, record: CaseRecord, said: string, next: TurnHandler): Promise<TurnResult> {
    log.info({ caseId: record.id }, 'again about a closed case: what they wrote starts a new report');
    // The closed case's officer sees the reporter came back (once per message, a retry adds nothing).
    const note = `again ${message.providerMessageId}`;
    if (!record.events.some((e) => e.note === note)) await deps.repository.appendEvent(record.id, { at: deps.now(), type: 'reporter.againAfterClosed', actor: 'reporter', note }, deps.now());
    const started = await next({ ...message, text: said, localeHint: message.localeHint ?? record.locale });
    const closed = answer(started.locale, ['againClosed', { reference: record.reference }]).prompts;
    const prompts = deps.safetyFirst(said) ? [...started.prompts.slice(0, 1), ...closed, ...started.prompts.slice(1)] : [...closed, ...started.prompts];
    return { ...started, prompts };
  }

  async function handle(message: InboundMessage, asked: NonNullable<ReturnType<typeof read>>, next: TurnHandler): Promise<TurnResult> {
    const locale = message.localeHint ?? 'en';
    const at = deps.now();
    const windowStart = new Date(Math.floor(at.getTime() / WINDOW_MS) * WINDOW_MS);
    const keys = [`conv:${message.conversationKey}`, `ref:${asked.reference}`];
    if ((await deps.limits.wrongSoFar(keys, windowStart)).some((n) => n >= WRONG_TRIES)) return answer(locale, ['tooMany'], ['danger']);

    const record = await deps.repository.findByReference(asked.reference);
    const codeWord = record ? reporterRoute(record, deps.cipher).codeWord : undefined;
    const words = normalise(asked.said);
    const codeOk = !codeWord || normalise(codeWord).every((w) => words.includes(w));
    if (!record || !codeOk || record.triage.disposition === 'signposted') {
      await deps.limits.countWrong(keys, windowStart);
      log.info({ known: false }, 'report asked about: not answered');
      return answer(locale, ['notFound'], ['danger']);
    }
    if (asked.again) {
      const said = codeWord ? asked.said.replace(new RegExp(codeWord.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'ig'), '').trim() : asked.said;
      if (record.status === 'closed') return startNew(message, record, said, next);
      // A retry of the same message (same provider id) adds nothing more.
      const note = `incident ${message.providerMessageId}`;
      if (!record.events.some((e) => e.note === note)) {
        await deps.repository.appendEvent(record.id, { at, type: 'incident.added', actor: 'reporter', note, detail: deps.cipher.encrypt(said) }, at);
        await deps.repository.addAlert(record.id, { id: deps.newId(), at, type: 'new_incident', detail: deps.words('en', 'staff:alertDetail.new_incident') }, { at, type: 'alert.added', actor: 'system', note: 'new_incident' });
      }
      const added = answer(record.locale, ['againAdded', { reference: record.reference }], ['danger']);
      // Danger in what they wrote: the conversation answers it first (999), and they still hear it was added.
      if (!deps.safetyFirst(asked.said)) return added;
      const first = await next(message);
      return { ...first, prompts: [...first.prompts, ...added.prompts.slice(0, 1)] };
    }
    return answer(record.locale, ...stage(record, record.locale));
  }

  return {
    ensureIndexes: () => deps.limits.ensureIndexes(),

    /** In front of the conversation: a question about a report by its reference is answered here. */
    answering(next: TurnHandler): TurnHandler {
      return async (message) => {
        if (message.control) return next(message);
        const asked = read(message.text);
        if (!asked) return next(message);
        // A reference inside a longer message is part of a report (or a reply to the dialog), unless it says "again";
        // besides asking words, only a code word may come with it. Danger or a safety word always goes on.
        if (!asked.again && asked.rest.filter((w) => !ASKING_WORDS.has(w)).length > 2) return next(message);
        if (!asked.again && deps.safetyFirst(asked.said)) return next(message);
        return handle(message, asked, next);
      };
    },

    removeOld: () => deps.limits.removeBefore(new Date(deps.now().getTime() - 2 * WINDOW_MS)),
  };
}

export type ReportAsks = ReturnType<typeof createReportAsks>;
