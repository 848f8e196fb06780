// Puts the live hand-off together from the services the composition root built: the desk, its pages, the
// conversation section of the case page, and the escalation of urgent requests nobody takes in time.
import type { CaseRecord, CaseRepository } from '../../cases/case.repository';
import type { CaseService } from '../../cases/case.service';
import type { HandoffClaims } from '../../cases/handoff-claims';
import type { HandoffService } from '../../cases/handoff.service';
import type { TurnHandler } from '../../conversation/types';
import type { FieldCipher } from '../../crypto/field-cipher';
import type { Logger } from '../../log/logger';
import type { Outbound, OutboundMessageRecord } from '../../outbound/outbound.service';
import type { PolicyPack } from '../../policy/pack.schema';
import { isWorkingTime } from '../../policy/working-days';
import type { Access } from '../access/permissions';
import type { AccountService } from '../accounts/account.service';
import type { AuditLog } from '../audit/audit.service';
import type { StaffPagesContext } from '../console';
import type { CaseSection } from '../web/case-sections';
import { registerConversationRoutes } from '../web/conversations.routes';
import { createLabels } from '../web/labels';
import { registerConversationAlert } from '../web/conversation-alert.routes';
import { createWaitingAlert } from './alert';
import { createCaseLink } from './case-link';
import { createDesk, type StaffWords, type WebChatPort } from './desk';
import { entryOf } from './view-model';

export interface ConversationsDeps {
  handoffs: HandoffService;
  claims: HandoffClaims;
  access: Access;
  audit: AuditLog;
  accounts: Pick<AccountService, 'listTeam'>;
  handleTurn: TurnHandler;
  webChat: WebChatPort;
  outbound: () => Outbound | undefined;
  cases: Pick<CaseService, 'submitReport' | 'locate' | 'recordEvent'>;
  caseStore: Pick<CaseRepository, 'appendEvent'>;
  cipher: FieldCipher;
  pack: PolicyPack;
  /** Staff words (`staff:…`) and the reporter's (`common:staffMessage.*`), in English. */
  t: (key: string, params?: Record<string, unknown>) => string;
  logger: Logger;
  now: () => Date;
}

export function setUpConversations(deps: ConversationsDeps) {
  const { handoffs, pack, now } = deps;
  const words: StaffWords = (key, params) => deps.t(`common:staffMessage.${key}`, params);
  const desk = createDesk({ handoffs, claims: deps.claims, access: deps.access, handleTurn: deps.handleTurn, webChat: deps.webChat, outbound: deps.outbound, words, organisationName: pack.organisation.name, logger: deps.logger, now });
  const link = createCaseLink({
    cases: { submitReport: (report, l) => deps.cases.submitReport(report, l), locate: deps.cases.locate, recordEvent: deps.cases.recordEvent },
    addNote: async (caseId, actorId, text) => {
      const at = now();
      await deps.caseStore.appendEvent(caseId, { at, type: 'note.added', actor: actorId, detail: deps.cipher.encrypt(text) }, at);
    },
    landlordId: pack.id,
  });
  const deliveries = async (conversationKey: string | null) => {
    const outbound = deps.outbound();
    if (!outbound || !conversationKey) return new Map<string, OutboundMessageRecord>();
    return new Map((await outbound.listForConversation(conversationKey)).map((r) => [r.id, r]));
  };
  const staffT = (key: string, params?: Record<string, unknown>) => deps.t(key.includes(':') ? key : `staff:${key}`, params);
  const labels = createLabels(pack, staffT);

  /** The case page: conversations with a person that became or joined the case, read as the case is read. */
  const section: CaseSection = {
    id: 'handoff-conversations',
    template: 'case/handoff-conversations.njk',
    area: 'main',
    permission: 'cases.viewTranscript',
    load: async (record: CaseRecord, context) => {
      const found = new Map((await handoffs.listForCase(record.id)).map((h) => [h.id, h]));
      for (const h of await handoffs.listForSession(record.sessionId)) if (h.caseId === record.id) found.set(h.id, h);
      if (found.size === 0) return [];
      await deps.audit.record(context, 'case.transcript.view', { caseId: record.id, detail: 'conversation with a member of staff' });
      const talks = [];
      for (const h of found.values()) {
        const log = await handoffs.read(h.id, -1, 2000);
        const statuses = await deliveries(h.conversationKey);
        talks.push({ channel: labels.channel(h.channel), when: labels.when(h.createdAt), entries: (log?.messages ?? []).map((m) => entryOf(m, labels, staffT, statuses)) });
      }
      return talks;
    },
  };

  /** Urgent requests nobody took in time: marked escalated (team leaders see it first), out of hours with the duty route. */
  async function escalate(): Promise<number> {
    const at = now();
    const due = await handoffs.repository.listUnclaimedUrgent(new Date(at.getTime() - pack.handoff.urgentUnclaimedMinutes * 60_000), 100);
    let escalated = 0;
    for (const record of due) {
      const outOfHours = !isWorkingTime(at, pack.calendar, pack.officeHours);
      const route = outOfHours ? [pack.serviceStandards.outOfHours.route, pack.serviceStandards.outOfHours.phone].filter(Boolean).join(' ') : undefined;
      if (await deps.claims.escalate(record.id, route ? { route } : {})) {
        escalated += 1;
        await deps.audit.record({ actor: 'system' }, 'handoff.escalated', { detail: `conversation ${record.id.slice(0, 8)}${outOfHours ? ' (out of hours: duty route)' : ''}` });
      }
    }
    if (escalated > 0) deps.logger.warn({ escalated }, 'urgent requests for a person escalated');
    return escalated;
  }

  const pages = registerConversationRoutes({ desk, link, deliveries, colleagues: (teamId) => deps.accounts.listTeam(teamId), pack, now });
  const alertFor = createWaitingAlert({ handoffs, access: deps.access, canSee: desk.canSee, pack, now });
  const extend = (context: StaffPagesContext) => {
    registerConversationAlert(context, alertFor);
    pages(context);
  };
  /** Twilio's delivery callbacks also reach an officer's open conversation screen at once (a failure shown, not found later). */
  const withDeliveryNews = (path: Outbound): Outbound => ({
    ...path,
    recordStatus: async (...args: Parameters<Outbound['recordStatus']>) => {
      const updated = await path.recordStatus(...args);
      if (updated) await handoffs.deliveryChanged(updated.conversationKey);
      return updated;
    },
  });
  return { desk, section, escalate, alertFor, extend, withDeliveryNews };
}
