// Builds every service from configuration and a database connection. main.ts, `npm run chat` and the
// end-to-end tests all use this, so what the tests exercise is what runs.
import type { Server } from 'node:http';
import type { Express } from 'express';
import { dialogs, INTAKE_DIALOG_ID } from '../dialogs/index';
import { createMongoCaseRepository } from './cases/case.mongo';
import { createCaseService, type CaseService } from './cases/case.service';
import { createMongoReportKeyStore } from './cases/report-keys.mongo';
import { createReportCounter } from './reports/report-counter';
import { createReportService } from './reports/report.service';
import { createChartRenderer } from './staff/reports/charts';
import { reportPages } from './staff/reports/report.routes';
import { createMongoReportStore } from './reports/report-store.mongo';
import { createMongoHandoffRepository } from './cases/handoff.mongo';
import { createHandoffService } from './cases/handoff.service';
import { createMongoSignpostedStore } from './cases/signposted.mongo';
import { createMongoHandoffLog } from './cases/handoff-messages.mongo';
import { createHandoffClaims } from './cases/handoff-claims';
import { createHandoffOwnership } from './cases/handoff-ownership';
import { setUpConversations } from './staff/conversations/setup';
import type { HandoffService } from './cases/handoff.service';
import type { HandoffClaims } from './cases/handoff-claims';
import type { Desk } from './staff/conversations/desk';
import { createHousekeeping } from './housekeeping';
import { createReportSubmission } from './cases/submit-report';
import { createForgetConversation } from './conversation/forget';
import { createTwilioRouter } from './channels/twilio/twilio.routes';
import { createTwilioSender } from './channels/twilio/twilio-sender';
import { createWebChatRouter, type WebChat } from './channels/webchat/webchat.routes';
import type { Config } from './config';
import type { EffectPorts } from './conversation/effects';
import { createTranslations, defaultLocalesDir, shippedTranslations } from './conversation/i18n';
import { signedOffLanguages } from './conversation/translation-status';
import { createConversationRuntime, type ConversationRuntime } from './conversation/runtime';
import { createConversationStores } from './conversation/stores.mongo';
import { createScheduledJob } from './db/scheduled-job';
import type { TurnHandler } from './conversation/types';
import { createFieldCipher } from './crypto/field-cipher';
import type { Database } from './db/connection.mongo';
import { createMongoEvidenceStore } from './evidence/evidence.mongo';
import type { EvidenceStore } from './evidence/evidence.store';
import { createApp, type AppDeps } from './http/app';
import type { Logger } from './log/logger';
import { createOutboundRepositories } from './outbound/outbound.mongo';
import { createOutbound, type Outbound } from './outbound/outbound.service';
import type { MessageSender } from './outbound/message-sender';
import { toDialogPolicy } from './policy/dialog-policy';
import { createAccess, loadRoles, type Access } from './staff/access/permissions';
import { createMongoAccountStore } from './staff/accounts/account.mongo';
import { createAccountService, type AccountService } from './staff/accounts/account.service';
import { ensureStaffStyles } from './staff/assets/styles';
import { createMongoAuditStore } from './staff/audit/audit.mongo';
import { createAuditLog, type AuditLog } from './staff/audit/audit.service';
import { createCaseActions } from './staff/cases/case-actions';
import { createCaseReader } from './staff/cases/case-reader';
import { createQueue } from './staff/cases/queue';
import { createStaffConsole } from './staff/console';
import { setUpReporterUpdates } from './staff/updates/setup';
import { createMongoSurveyWaits } from './follow-up/survey-waits.mongo';
import { createMongoAskLimits } from './follow-up/ask-limits.mongo';
import { createMongoPlans } from './follow-up/plans.mongo';
import { createSafetyFirst } from './follow-up/safety-first';
import { createEntraSignIn } from './staff/web/entra';
import { createMongoSessionStore } from './staff/web/session.mongo';
import { loadPolicyPack } from './policy/load';
import type { PolicyPack } from './policy/pack.schema';

export interface Services {
  app: Express;
  pack: PolicyPack;
  handleTurn: TurnHandler;
  runtime: ConversationRuntime;
  cases: CaseService;
  evidence: EvidenceStore;
  webChat: WebChat;
  /** Present when Twilio is configured: the one path for every proactive message. */
  outbound: Outbound | undefined;
  /** One housekeeping run (scheduled hourly under a lease; tests call it directly). */
  housekeeping: { run(): Promise<{ cases: number; evidence: number; transcripts: number }> };
  /** One pass of deadline alerts (scheduled every five minutes under a lease; tests call it directly). */
  deadlines: { run(): Promise<number> };
  /** The staff console's accounts and audit trail (for `npm run staff` and the first-run link). */
  staff: {
    accounts: AccountService;
    audit: AuditLog;
    access: Access;
    teamIds: string[];
    signInUrl: string;
    /** While there is no administrator: a one-time link (valid one hour) that creates the first one. */
    firstRunLink: () => Promise<string | undefined>;
  };
  /** Conversations handed to a person (tests drive the escalation job directly). */
  handoffs: { service: HandoffService; claims: HandoffClaims; desk: Desk; escalate: () => Promise<number> };
  /** Hooks what needs the HTTP server itself (the web chat's WebSocket stream). */
  attach: (server: Server) => void;
  /** Creates indexes and starts scheduled work once the database is connected; /readyz is 503 until it has. */
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

export interface ServiceOverrides {
  /** Tests replace Twilio's REST client; everything else is real. */
  messageSender?: MessageSender;
  now?: () => Date;
  /** Start the purge scheduler (off in tests unless asked). */
  scheduler?: boolean;
}

export async function createServices(deps: { config: Config; logger: Logger; database: Database }, overrides: ServiceOverrides = {}): Promise<Services> {
  const { config, logger, database } = deps;
  const { connection } = database;
  const now = overrides.now ?? (() => new Date());

  const pack = loadPolicyPack(config.policyPack);
  const cipher = createFieldCipher(config.secrets.encryptionKeys, config.secrets.activeKeyId);
  // The languages the landlord offers; in production only those a qualified translator has signed off.
  const wanted = pack.languages?.offered ?? shippedTranslations().shipped;
  const offered = config.env === 'production' ? signedOffLanguages(defaultLocalesDir(), wanted) : wanted;
  const unsigned = wanted.filter((lng) => shippedTranslations().shipped.includes(lng) && !offered.includes(lng));
  if (unsigned.length > 0) logger.warn({ languages: unsigned }, 'languages not offered: their tier 1 strings await sign-off (docs/translation.md)');
  const i18n = pack.languages || config.env === 'production' ? createTranslations({ offered }) : shippedTranslations();

  // The performance report's counts per day keep in step with every case write (src/reports).
  const reportStore = createMongoReportStore(connection);
  const reportCounter = createReportCounter({ store: reportStore, rules: { timeZone: pack.calendar.timeZone, responseHours: pack.reporting?.responseHours ?? 24 } });

  // Every store is built here, once, and handed to the service that uses it.
  const stores = {
    conversation: createConversationStores(connection),
    cases: createMongoCaseRepository(connection, {
      // A count that fails is logged and caught up by the case's next write; the case's own write stands.
      afterWrite: (snapshot) => reportCounter.caseWritten(snapshot).catch((error: Error) => logger.warn({ err: { type: error.name } }, 'report counts not updated for a case write')),
      afterPurge: (ids) => reportStore.forget(ids),
    }),
    reports: reportStore,
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
  // Staff read English: triage's reasons are rendered from locales/en/triage.json.
  const cases = createCaseService({ repository: stores.cases, reportKeys: stores.reportKeys, signposted: stores.signposted, pack, cipher, hashSecret: config.secrets.hashSecret, translate: i18n.tFor('en'), now });
  const handoffs = createHandoffService({ repository: stores.handoffs, log: stores.handoffLog, pack, cipher, now });
  const handoffClaims = createHandoffClaims({ handoffs, now });
  const evidence = createMongoEvidenceStore(connection, config.secrets);

  const effects: EffectPorts = {
    // Built below, once the outbound path exists; effects only run once turns flow, long after.
    submitReport: (report, origin) => submission.submitReport(report, origin),
    openUrgentCase: (report, origin) => submission.openUrgentCase(report, origin),
    keepDiscreet: async (origin) => void (await outbound?.keepDiscreet(origin.conversationKey)),
    requestHandoff: async (request) => {
      const { expectedReply } = await handoffs.requestHandoff(request);
      return { expectedReply };
    },
  };
  // Every path that erases a conversation goes through this one function (src/conversation/forget.ts). The web
  // chat and the outbound path are built below; forgetting only happens once turns flow, long after.
  const forget = createForgetConversation({
    sessions: stores.conversation.sessions,
    inbound: stores.conversation.inbound,
    evidence,
    transcripts: { eraseByConversationKey: (key) => webChat.eraseByConversationKey(key) },
    handoffs,
    outbound: { forget: async (key) => outbound?.forget(key) },
  });

  const runtime = createConversationRuntime({
    stores: stores.conversation,
    dialogs,
    defaultDialogId: INTAKE_DIALOG_ID,
    // The web chat is where the checklist and helplines go from a phone someone else may read (discreet mode).
    dialogPolicy: { ...toDialogPolicy(pack), webChatUrl: `${config.publicBaseUrl}/chat` },
    effects,
    forget,
    i18n,
    cipher,
    session: config.session,
    logger,
    now,
    // While staff have a conversation the bot is silent; a WhatsApp reply lets words held for the window go.
    ownership: createHandoffOwnership({ handoffs, onReporterMessage: (id) => void conversations.desk.sendHeld(id).catch((error: unknown) => logger.error({ err: { type: (error as Error).name } }, 'held staff messages not sent')) }),
  });

  const webChat: WebChat = createWebChatRouter({
    connection,
    // As on SMS and WhatsApp, a reference asks about a report (`updates` is built below, before any turn runs).
    handleTurn: (message) => updates.answering(runtime.handleTurn)(message),
    secret: config.secrets.directLineSecret,
    hashSecret: config.secrets.hashSecret,
    quickExitUrl: pack.quickExitUrl,
    organisationName: pack.organisation.name,
    languages: offered,
    publicBaseUrl: config.publicBaseUrl,
    cipher,
    evidence,
    eraseSession: async (key) => void (await runtime.eraseConversation(key)),
    botFramework: config.botFramework,
    logger,
    now,
  });

  // The staff console: accounts, audit trail and sessions in the database; roles from the deployment's file.
  const access = createAccess(loadRoles(config.staff.rolesFile));
  const teamIds = pack.teams.map((t) => t.id);
  const accounts = createAccountService({
    store: stores.staff.accounts,
    cipher,
    hashSecret: config.secrets.hashSecret,
    teamIds,
    roleIds: access.roleIds(),
    issuer: `${pack.organisation.name} case console`,
    now,
  });
  const audit = createAuditLog(stores.staff.audit, now);
  // The live hand-off (src/staff/conversations): the outbound path is built below, and used only once pages are open.
  const conversations = setUpConversations({
    handoffs,
    claims: handoffClaims,
    access,
    audit,
    accounts,
    handleTurn: runtime.handleTurn,
    webChat,
    outbound: () => outbound,
    cases,
    caseStore: stores.cases,
    cipher,
    pack,
    t: i18n.tFor('en') as unknown as (key: string, params?: Record<string, unknown>) => string,
    logger,
    now,
  });
  // Updates to the reporter from the case page (src/staff/updates), only through the outbound path built below.
  const caseReader = createCaseReader({ getRecord: cases.getRecord, access, audit, cipher });
  const updates = setUpReporterUpdates({ repository: stores.cases, surveyWaits: stores.surveyWaits, askLimits: stores.askLimits, plans: stores.plans, safetyFirst: createSafetyFirst(i18n), handoffOpen: async (key) => (await handoffs.findOpen(key)) !== undefined, outbound: () => outbound, reader: caseReader, cipher, hashSecret: config.secrets.hashSecret, pack, t: i18n.tFor('en') as unknown as (key: string, params?: Record<string, unknown>) => string, logger, now, deadlineAlertWorkingHours: config.deadlineAlertWorkingHours });
  // The performance report's page and exports (src/staff/reports), on the counts kept above.
  const charts = createChartRenderer();
  const reportPagesOf = reportPages({ reports: createReportService({ store: reportStore, pack }), charts, pack, now });
  const staffConsole = createStaffConsole({
    pack,
    access,
    accounts,
    audit,
    sessionStore: stores.staff.sessions,
    sessionSecret: config.secrets.staffSessionSecret,
    publicBaseUrl: config.publicBaseUrl,
    session: { idleMinutes: config.staff.idleMinutes, maxHours: config.staff.maxHours },
    styles: await ensureStaffStyles(config.staff.assetsDir),
    t: i18n.tFor('en'),
    entra: config.staff.entra ? createEntraSignIn(config.staff.entra) : undefined,
    localSignIn: config.staff.localSignIn,
    logger,
    now,
    locateCase: async (reference) => cases.locate(reference),
    cases: {
      reader: caseReader,
      actions: createCaseActions({
        repository: stores.cases,
        cipher,
        audit,
        pack,
        // A colleague: an active account in that team with a role that works on cases.
        isColleague: async (accountId, teamId) => {
          const account = await accounts.find(accountId);
          return !!account && !account.disabled && account.teamId === teamId && access.hasCaseRole({ id: account.id, displayName: account.displayName, teamId: account.teamId, roles: account.roles });
        },
        onClosed: updates.onClosed,
        now,
      }),
      queue: createQueue({ repository: stores.cases, timeZone: pack.calendar.timeZone, now }),
      evidence,
      transcript: (conversationKey) => webChat.readTranscript(conversationKey),
      extraSections: [conversations.section, ...updates.sections],
    },
    extend: [conversations.extend, updates.extend, reportPagesOf],
  });

  const routes: NonNullable<AppDeps['routes']> = [];
  let outbound: Outbound | undefined;
  if (config.twilio) {
    const sender = overrides.messageSender ?? createTwilioSender({ config: config.twilio, publicBaseUrl: config.publicBaseUrl });
    outbound = createOutbound({
      repositories: stores.outbound,
      sender,
      secrets: config.secrets,
      whatsappTemplates: config.twilio.whatsappTemplates,
      organisationName: pack.organisation.name,
      cases,
      logger,
      now,
    });
    routes.push({
      path: '/webhooks/twilio',
      // A number sent back to a closing survey answers it, a reference asks about a report; the rest is the conversation's.
      router: createTwilioRouter({ config, handleTurn: updates.answering(runtime.handleTurn), forgetConversation: runtime.eraseConversation, evidence, outbound: conversations.withDeliveryNews(outbound), logger, now }),
    });
  }
  routes.push({ path: '/staff', router: staffConsole.router });
  routes.push({ path: '/', router: webChat.router });
  const submission = createReportSubmission({ cases, evidence, ...(outbound ? { contacts: outbound } : {}), handoffs, timeZone: pack.calendar.timeZone });

  // Ready means the database answers and our indexes exist (the unique ones are what make retries safe).
  let started = false;
  const app = createApp({ logger, isDatabaseReady: async () => started && (await database.isReady()), routes, trustProxy: config.trustProxy });

  // Housekeeping (src/housekeeping.ts), by one instance at a time under a lease.
  const leases = stores.conversation.leases;
  const housekeeping = createHousekeeping({
    cases,
    evidence,
    transcripts: webChat,
    handoffs,
    ...(outbound ? { outbound } : {}),
    followUp: updates,
    expiryHours: config.session.expiryHours,
    now,
    logger,
  });
  const housekeepingJob = createScheduledJob({
    leases,
    name: 'housekeeping',
    owner: `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    intervalMs: 60 * 60_000,
    now,
    run: async () => void (await housekeeping.run()),
    onError: (error) => logger.warn({ err: { type: (error as Error).name } }, 'housekeeping failed; will retry'),
  });

  const escalationJob = createScheduledJob({
    leases,
    name: 'handoff-escalation',
    owner: `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    intervalMs: 60_000,
    now,
    run: async () => void (await conversations.escalate()),
    onError: (error) => logger.warn({ err: { type: (error as Error).name } }, 'hand-off escalation failed; will retry'),
  });

  // Deadlines that speak (src/follow-up/deadline-alerts.ts): every five minutes, by one instance at a time.
  const deadlineJob = createScheduledJob({ leases, name: 'deadline-alerts', owner: `${process.pid}-${Math.random().toString(36).slice(2, 8)}`, intervalMs: 5 * 60_000, now, run: async () => void (await updates.deadlines.run()), onError: (error) => logger.warn({ err: { type: (error as Error).name } }, 'deadline alerts failed; will retry') });

  return {
    app,
    pack,
    deadlines: updates.deadlines,
    handoffs: { service: handoffs, claims: handoffClaims, desk: conversations.desk, escalate: conversations.escalate },
    handleTurn: runtime.handleTurn,
    runtime,
    cases,
    evidence,
    webChat,
    outbound,
    housekeeping,
    staff: {
      accounts,
      audit,
      access,
      teamIds,
      signInUrl: `${config.publicBaseUrl}/staff/sign-in`,
      firstRunLink: async () => {
        if (await accounts.hasAdministrator()) return undefined;
        const { token } = await accounts.createSetupToken();
        return `${config.publicBaseUrl}/staff/setup/${token}`;
      },
    },
    attach: (server) => webChat.attachWebSocket(server),
    start: async () => {
      await Promise.all([
        leases.ensureIndexes(),
        runtime.ensureIndexes(),
        cases.ensureIndexes(),
        handoffs.ensureIndexes(),
        evidence.ensureIndexes(),
        webChat.ensureIndexes(),
        outbound?.ensureIndexes(),
        accounts.ensureIndexes(),
        audit.ensureIndexes(),
        reportStore.ensureIndexes(),
        updates.ensureIndexes(),
      ]);
      if (overrides.scheduler ?? true) {
        runtime.startScheduler();
        housekeepingJob.start();
        escalationJob.start();
        deadlineJob.start();
      }
      started = true;
    },
    stop: async () => {
      webChat.close();
      await charts.close();
      await housekeepingJob.stop();
      await escalationJob.stop();
      await deadlineJob.stop();
      if (started) await runtime.stop();
    },
  };
}
