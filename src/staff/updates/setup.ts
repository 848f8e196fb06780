// Keeping the reporter informed, put together from what the composition root built: officers' updates (the
// service, its case-page section and route) and the closing survey (sent when a case closes, answered by a
// number in reply), updates held behind a neutral message until the reporter replies, and the reporter asking about their report by its reference (or adding to it). Reporter words come from locales/<lng>/common.json, staff words from staff.json.
import { randomUUID } from 'node:crypto';
import type { CaseRepository } from '../../cases/case.repository';
import type { TurnHandler } from '../../conversation/types';
import type { FieldCipher } from '../../crypto/field-cipher';
import { createClosingSurvey, type SurveyWaitStore } from '../../follow-up/closing-survey';
import { createHeldUpdates } from '../../follow-up/held-updates';
import { createDeadlineAlerts } from '../../follow-up/deadline-alerts';
import { createCasePlans, type PlanStore } from '../../follow-up/plan';
import { createReach } from '../../follow-up/reach';
import { createReportAsks, type AskLimitStore } from '../../follow-up/report-asks';
import type { Logger } from '../../log/logger';
import type { Outbound } from '../../outbound/outbound.service';
import type { PolicyPack } from '../../policy/pack.schema';
import type { CaseReader } from '../cases/case-reader';
import { createLabels } from '../web/labels';
import { planPages } from '../plan/plan.routes';
import { createReporterUpdates } from './reporter-updates';
import { reporterUpdatePages } from './updates.routes';

type T = (key: string, params?: Record<string, unknown>) => string;

export interface ReporterUpdatesSetup {
  repository: Pick<CaseRepository, 'change' | 'recordSurvey' | 'appendEvent' | 'findByReference' | 'findById' | 'addAlert' | 'listQueue'>;
  surveyWaits: SurveyWaitStore;
  askLimits: AskLimitStore;
  plans: PlanStore;
  /** Danger, self-harm or a word that works everywhere in a message (follow-up/safety-first.ts). */
  safetyFirst: (text: string) => boolean;
  /** Whether a conversation has a request for a person waiting or taken: then it is the hand-off's, not ours. */
  handoffOpen: (conversationKey: string) => Promise<boolean>;
  /** "Again" in any shipped language, for a new incident added by reference (follow-up/again-words.ts). */
  saysAgain?: (text: string) => boolean;
  /** A reply to the closing survey's last question that is a new report, not a comment (follow-up/reads-as-new.ts). */
  readsAsNew: (text: string, locale: string) => boolean;
  /** Built after the console (when Twilio is configured). */
  outbound: () => Outbound | undefined;
  reader: CaseReader;
  cipher: FieldCipher;
  hashSecret: string;
  pack: PolicyPack;
  /** Translations (`staff:…`, `common:…`); the reporter's words are looked up in the case's language. */
  t: T;
  logger: Logger;
  now: () => Date;
  /** Working hours before a deadline that the console is alerted (4 unless configured). */
  deadlineAlertWorkingHours?: number;
}

export function setUpReporterUpdates(deps: ReporterUpdatesSetup) {
  const staffT: T = (key, params) => deps.t(key.includes(':') ? key : `staff:${key}`, params);
  const words = (locale: string, key: string, params: Record<string, string> = {}) => deps.t(key, { ...params, lng: locale });
  const organisationName = deps.pack.organisation.name;
  const plans = createCasePlans({ store: deps.plans, repository: deps.repository, cipher: deps.cipher, calendar: deps.pack.calendar, now: deps.now });
  // An update that reached the outbound path moves the next one due on the agreed plan.
  const updates = createReporterUpdates({ repository: deps.repository, outbound: deps.outbound, cipher: deps.cipher, hashSecret: deps.hashSecret, organisationName, words, now: deps.now, onSent: plans.updateSent });
  const survey = createClosingSurvey({
    reach: () => {
      const outbound = deps.outbound();
      return outbound ? createReach({ outbound, cipher: deps.cipher, hashSecret: deps.hashSecret }) : undefined;
    },
    repository: deps.repository,
    waits: deps.surveyWaits,
    cipher: deps.cipher,
    safetyFirst: deps.safetyFirst,
    readsAsNew: deps.readsAsNew,
    words,
    organisationName,
    logger: deps.logger,
    now: deps.now,
  });
  const asks = createReportAsks({
    repository: deps.repository,
    limits: deps.askLimits,
    cipher: deps.cipher,
    words,
    day: (at, locale) => new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: deps.pack.calendar.timeZone }).format(at),
    safetyFirst: deps.safetyFirst,
    ...(deps.saysAgain ? { saysAgain: deps.saysAgain } : {}),
    newId: () => randomUUID(),
    logger: deps.logger,
    now: deps.now,
  });
  const held = createHeldUpdates({ outbound: deps.outbound, repository: deps.repository, limits: deps.askLimits, cipher: deps.cipher, words, organisationName, safetyFirst: deps.safetyFirst, logger: deps.logger, now: deps.now });
  const labels = createLabels(deps.pack, staffT);
  const { pack } = deps;
  const deadlines = createDeadlineAlerts({
    repository: deps.repository,
    plans: deps.plans,
    teamIds: pack.teams.map((team) => team.id),
    firstResponse: pack.serviceStandards.firstResponse,
    calendar: pack.calendar,
    officeHours: pack.officeHours,
    leadWorkingHours: deps.deadlineAlertWorkingHours ?? 4,
    t: staffT,
    when: labels.when,
    now: deps.now,
  });
  const pages = reporterUpdatePages({ updates, reader: deps.reader, labels, t: staffT });
  const plan = planPages({ plans, reader: deps.reader, labels, t: staffT, now: deps.now });
  return {
    updates,
    survey,
    asks,
    /**
     * In front of the conversation on every channel: survey answers by number, a reply to a neutral message (its
     * update), then questions about a report by its reference; but a conversation handed to a person goes straight
     * to the runtime, whose ownership step gives what they write to the officer (a "3" is theirs, not a score).
     */
    answering: (next: TurnHandler): TurnHandler => {
      const ours = survey.answering(held.answering(asks.answering(next)));
      return async (message) => ((await deps.handoffOpen(message.conversationKey)) ? next(message) : ours(message));
    },
    plans,
    /** Alerts before and when a case's deadlines pass: run by one instance at a time (compose.ts). */
    deadlines,
    /** The case page's sections: the agreed plan, then updates to the reporter. */
    sections: [plan.section, pages.section],
    extend: (context: Parameters<typeof pages.extend>[0]) => {
      pages.extend(context);
      plan.extend(context);
    },
    ensureIndexes: async () => void (await Promise.all([survey.ensureIndexes(), asks.ensureIndexes(), plans.ensureIndexes()])),
    /** For housekeeping, after the purge: surveys held back for safe times tried again, then what has run out or belongs to purged cases goes. */
    tidy: async ({ caseIds }: { caseIds: string[] }) => {
      await survey.retryHeld();
      await survey.removeExpired();
      await asks.removeOld();
      await plans.forgetCases(caseIds);
    },
    /** For the case actions: the case is closed; its survey must not undo or hold up the closure. */
    onClosed: async (before: Parameters<typeof survey.afterClosed>[0]) => {
      await survey.afterClosed(before).catch((error: Error) => deps.logger.warn({ caseId: before.id, err: { type: error.name } }, 'closing survey not sent'));
    },
  };
}
