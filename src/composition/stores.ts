// Every store the service uses, built once here and handed to the service that uses it.
import { createMongoCaseRepository } from '../cases/case.mongo';
import { createMongoHandoffLog } from '../cases/handoff-messages.mongo';
import { createMongoHandoffRepository } from '../cases/handoff.mongo';
import { createMongoReportKeyStore } from '../cases/report-keys.mongo';
import { createMongoSignpostedStore } from '../cases/signposted.mongo';
import type { Config } from '../config';
import type { Database } from '../db/connection.mongo';
import { createConversationStores } from '../conversation/stores.mongo';
import { createMongoAskLimits } from '../follow-up/ask-limits.mongo';
import { createMongoPlans } from '../follow-up/plans.mongo';
import { createMongoSurveyWaits } from '../follow-up/survey-waits.mongo';
import type { Logger } from '../log/logger';
import { createOutboundRepositories } from '../outbound/outbound.mongo';
import type { PolicyPack } from '../policy/pack.schema';
import { createReportCounter } from '../reports/report-counter';
import { createMongoReportStore } from '../reports/report-store.mongo';
import { createMongoAccountStore } from '../staff/accounts/account.mongo';
import { createMongoAuditStore } from '../staff/audit/audit.mongo';
import { createMongoSessionStore } from '../staff/web/session.mongo';

export function createStores(connection: Database['connection'], options: { config: Config; pack: PolicyPack; logger: Logger }) {
  const { config, pack, logger } = options;
  // The performance report's counts per day keep in step with every case write (src/reports).
  const reports = createMongoReportStore(connection);
  const reportCounter = createReportCounter({ store: reports, rules: { timeZone: pack.calendar.timeZone, responseHours: pack.reporting?.responseHours ?? 24 } });
  return {
    conversation: createConversationStores(connection),
    cases: createMongoCaseRepository(connection, {
      // A count that fails is logged and caught up by the case's next write; the case's own write stands.
      afterWrite: (snapshot) => reportCounter.caseWritten(snapshot).catch((error: Error) => logger.warn({ err: { type: error.name } }, 'report counts not updated for a case write')),
      afterPurge: (ids) => reports.forget(ids),
    }),
    reports,
    reportKeys: createMongoReportKeyStore(connection),
    signposted: createMongoSignpostedStore(connection),
    handoffs: createMongoHandoffRepository(connection),
    handoffLog: createMongoHandoffLog(connection),
    outbound: createOutboundRepositories(connection),
    surveyWaits: createMongoSurveyWaits(connection),
    askLimits: createMongoAskLimits(connection),
    plans: createMongoPlans(connection),
    staff: { accounts: createMongoAccountStore(connection), audit: createMongoAuditStore(connection), sessions: createMongoSessionStore(connection, config.staff.idleMinutes) },
  };
}

export type Stores = ReturnType<typeof createStores>;
