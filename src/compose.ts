// Builds every service from configuration and a database connection. main.ts, `npm run chat` and the
// end-to-end tests all use this, so what the tests exercise is what runs.
import { dialogs, INTAKE_DIALOG_ID } from '../dialogs/index';
import { createCaseService } from './cases/case.service';
import { createHandoffService } from './cases/handoff.service';
import { createHandoffClaims } from './cases/handoff-claims';
import { createHandoffOwnership } from './cases/handoff-ownership';
import { setUpConversations } from './staff/conversations/setup';
import { createHousekeeping } from './housekeeping';
import { createReportSubmission } from './cases/submit-report';
import { createForgetConversation } from './conversation/forget';
import { createTwilioRouter } from './channels/twilio/twilio.routes';
import { createTwilioSender } from './channels/twilio/twilio-sender';
import { createWebChatRouter, type WebChat } from './channels/webchat/webchat.routes';
import type { Config } from './config';
import type { EffectPorts } from './conversation/effects';
import { createConversationRuntime } from './conversation/runtime';
import { createFieldCipher } from './crypto/field-cipher';
import type { Database } from './db/connection.mongo';
import { createMongoEvidenceStore } from './evidence/evidence.mongo';
import { createApp, type AppDeps } from './http/app';
import type { Logger } from './log/logger';
import { createOutbound, type Outbound } from './outbound/outbound.service';
import { toDialogPolicy } from './policy/dialog-policy';
import { createAccess, loadRoles } from './staff/access/permissions';
import { createAccountService } from './staff/accounts/account.service';
import { createAuditLog } from './staff/audit/audit.service';
import { createCaseReader } from './staff/cases/case-reader';
import { setUpReporterUpdates } from './staff/updates/setup';
import { createSafetyFirst } from './follow-up/safety-first';
import { createSaysAgain } from './follow-up/again-words';
import { createReadsAsNew } from './follow-up/reads-as-new';
import { loadPolicyPack } from './policy/load';
import { createJobs } from './composition/jobs';
import { chooseLanguages } from './composition/languages';
import { composeStaffConsole } from './composition/staff-console';
import { createStores } from './composition/stores';
import type { ServiceOverrides, Services } from './composition/services';

export type { ServiceOverrides, Services } from './composition/services';

export async function createServices(deps: { config: Config; logger: Logger; database: Database }, overrides: ServiceOverrides = {}): Promise<Services> {
  const { config, logger, database } = deps;
  const { connection } = database;
  const now = overrides.now ?? (() => new Date());

  const pack = loadPolicyPack(config.policyPack);
  const cipher = createFieldCipher(config.secrets.encryptionKeys, config.secrets.activeKeyId);
  // The languages the landlord offers; in production only those a qualified translator has signed off.
  const { i18n, offered } = chooseLanguages(pack, config, logger);

  // Every store is built here, once, and handed to the service that uses it.
  const stores = createStores(connection, { config, pack, logger });
  const reportStore = stores.reports;
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
  const updates = setUpReporterUpdates({ repository: stores.cases, surveyWaits: stores.surveyWaits, askLimits: stores.askLimits, plans: stores.plans, safetyFirst: createSafetyFirst(i18n), saysAgain: createSaysAgain(i18n), readsAsNew: createReadsAsNew(i18n, toDialogPolicy(pack).categories), handoffOpen: async (key) => (await handoffs.findOpen(key)) !== undefined, outbound: () => outbound, reader: caseReader, cipher, hashSecret: config.secrets.hashSecret, pack, t: i18n.tFor('en') as unknown as (key: string, params?: Record<string, unknown>) => string, logger, now, deadlineAlertWorkingHours: config.deadlineAlertWorkingHours });
  const { staffConsole, charts } = await composeStaffConsole({ config, pack, stores, access, accounts, audit, cases, caseReader, conversations, updates, evidence, webChat, cipher, i18n, logger, now });

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
  const jobs = createJobs({
    leases,
    logger,
    now,
    jobs: [
      { name: 'housekeeping', intervalMs: 60 * 60_000, run: () => housekeeping.run(), failure: 'housekeeping failed; will retry' },
      { name: 'handoff-escalation', intervalMs: 60_000, run: () => conversations.escalate(), failure: 'hand-off escalation failed; will retry' },
      // Deadlines that speak (src/follow-up/deadline-alerts.ts).
      { name: 'deadline-alerts', intervalMs: 5 * 60_000, run: () => updates.deadlines.run(), failure: 'deadline alerts failed; will retry' },
    ],
  });

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
        jobs.start();
      }
      started = true;
    },
    stop: async () => {
      webChat.close();
      await charts.close();
      await jobs.stop();
      if (started) await runtime.stop();
    },
  };
}
