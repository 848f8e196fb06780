// The staff console as composed: the queue, case pages and actions, the live hand-off and reporter updates'
// sections, and the performance report's pages, on the stores and services the composition root built.
import type { CaseService } from '../cases/case.service';
import type { WebChat } from '../channels/webchat/webchat.routes';
import type { Config } from '../config';
import type { Translations } from '../conversation/i18n';
import type { FieldCipher } from '../crypto/field-cipher';
import type { EvidenceStore } from '../evidence/evidence.store';
import type { Logger } from '../log/logger';
import type { PolicyPack } from '../policy/pack.schema';
import { createReportService } from '../reports/report.service';
import type { Access } from '../staff/access/permissions';
import type { AccountService } from '../staff/accounts/account.service';
import { ensureStaffStyles } from '../staff/assets/styles';
import type { AuditLog } from '../staff/audit/audit.service';
import { createCaseActions } from '../staff/cases/case-actions';
import type { createCaseReader } from '../staff/cases/case-reader';
import { createQueue } from '../staff/cases/queue';
import { createStaffConsole } from '../staff/console';
import type { setUpConversations } from '../staff/conversations/setup';
import { createChartRenderer } from '../staff/reports/charts';
import { reportPages } from '../staff/reports/report.routes';
import type { setUpReporterUpdates } from '../staff/updates/setup';
import { createEntraSignIn } from '../staff/web/entra';
import type { Stores } from './stores';

export async function composeStaffConsole(deps: {
  config: Config;
  pack: PolicyPack;
  stores: Stores;
  access: Access;
  accounts: AccountService;
  audit: AuditLog;
  cases: CaseService;
  caseReader: ReturnType<typeof createCaseReader>;
  conversations: ReturnType<typeof setUpConversations>;
  updates: ReturnType<typeof setUpReporterUpdates>;
  evidence: EvidenceStore;
  webChat: WebChat;
  cipher: FieldCipher;
  i18n: Translations;
  logger: Logger;
  now: () => Date;
}) {
  const { config, pack, stores, access, accounts, audit, conversations, updates, webChat, logger, now } = deps;
  // The performance report's page and exports (src/staff/reports), on the counts the case store keeps.
  const charts = createChartRenderer();
  const reportPagesOf = reportPages({ reports: createReportService({ store: stores.reports, pack }), charts, pack, now });
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
    t: deps.i18n.tFor('en'),
    entra: config.staff.entra ? createEntraSignIn(config.staff.entra) : undefined,
    localSignIn: config.staff.localSignIn,
    logger,
    now,
    locateCase: async (reference) => deps.cases.locate(reference),
    cases: {
      reader: deps.caseReader,
      actions: createCaseActions({
        repository: stores.cases,
        cipher: deps.cipher,
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
      evidence: deps.evidence,
      transcript: (conversationKey) => webChat.readTranscript(conversationKey),
      extraSections: [conversations.section, ...updates.sections],
    },
    extend: [conversations.extend, updates.extend, reportPagesOf],
  });
  return { staffConsole, charts };
}
