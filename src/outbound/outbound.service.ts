// THE one path for every message we send on our own initiative (and for replies that missed the webhook):
// it checks opt-outs, the reporter's safe-contact preferences and the WhatsApp 24-hour window before
// anything leaves, and records every message with its delivery status. Nothing is retried blindly.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createFieldCipher } from '../crypto/field-cipher';
import { SendError, type MessageSender, type OutboundChannel, type OutboundContent, type SentPart } from './message-sender';
import { STATUS_RANK, type DeliveryStatus, type OutboundMessageRecord, type OutboundRepositories } from './outbound.mongo';
import { withinSafeTimes } from './safe-times';

export type { DeliveryStatus, OutboundMessageRecord } from './outbound.mongo';
export { withinSafeTimes } from './safe-times';
export type { CaseAlerts, RefusalReason, ReplyTo, SafeContact, SendOutcome, SendRequest } from './outbound.types';
import type { CaseAlerts, RefusalReason, ReplyTo, SendOutcome, SendRequest } from './outbound.types';

/** WhatsApp allows free-form messages only this long after the person's last message. */
const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Provider errors that mean "do not try again": unsubscribed (21610), outside the WhatsApp window (63014, 63016). */
const BLOCKING_ERROR_CODES = new Set([21610, 63014, 63016]);

export interface OutboundDeps {
  /** Built by the composition root (createOutboundRepositories). */
  repositories: OutboundRepositories;
  sender: MessageSender;
  secrets: { encryptionKeys: Map<string, Buffer>; activeKeyId: string };
  /** Template name → WhatsApp ContentSid (config `twilio.whatsappTemplates`). */
  whatsappTemplates: Record<string, string>;
  /** The landlord's name for neutral template wording. */
  organisationName: string;
  cases?: CaseAlerts;
  logger: Logger;
  now?: () => Date;
}

export type Outbound = ReturnType<typeof createOutbound>;

/** Neutral template used when the reporter's messages may be read by someone else. */
const NEUTRAL_TEMPLATE = 'newMessage';

export function createOutbound(deps: OutboundDeps) {
  const repos = deps.repositories;
  const cipher = createFieldCipher(deps.secrets.encryptionKeys, deps.secrets.activeKeyId);
  const now = deps.now ?? (() => new Date());
  const log = deps.logger.child({ component: 'outbound' });

  async function alertCase(caseId: string | undefined, type: string, detail: string): Promise<void> {
    if (!caseId || !deps.cases) return;
    try {
      await deps.cases.addAlert(caseId, { type, detail });
    } catch (error) {
      log.error({ caseId, err: { type: (error as Error).name } }, 'could not add an alert to the case');
    }
  }

  async function record(
    request: SendRequest,
    kind: 'reply' | 'proactive',
    fields: { providerMessageId?: string; status: DeliveryStatus; errorCode?: number; refusedReason?: string; template?: string },
  ): Promise<string> {
    const at = now();
    const id = randomUUID();
    const message: OutboundMessageRecord = {
      id,
      channel: request.channel,
      conversationKey: request.conversationKey,
      kind,
      status: fields.status,
      statusRank: STATUS_RANK[fields.status],
      createdAt: at,
      updatedAt: at,
    };
    if (request.caseId) message.caseId = request.caseId;
    if (request.ref) message.ref = request.ref;
    if (fields.providerMessageId) message.providerMessageId = fields.providerMessageId;
    if (fields.errorCode !== undefined) message.errorCode = fields.errorCode;
    if (fields.refusedReason) message.refusedReason = fields.refusedReason;
    if (fields.template) message.template = fields.template;
    await repos.messages.insert(message);
    return id;
  }

  async function refuse(request: SendRequest, kind: 'reply' | 'proactive', reason: RefusalReason): Promise<SendOutcome> {
    await record(request, kind, { status: 'refused', refusedReason: reason });
    log.info({ caseId: request.caseId, channel: request.channel, reason }, 'outbound message refused');
    return { status: 'refused', reason };
  }

  async function send(request: SendRequest & { replyTo?: ReplyTo }, kind: 'reply' | 'proactive'): Promise<SendOutcome> {
    // A late reply goes to whoever just wrote, even if the conversation has since asked us to forget them
    // (an anonymous report forgets its number as it is made).
    const stored = await repos.contacts.find(request.conversationKey);
    const contact = stored
      ? { contactHash: stored.contactHash, to: () => cipher.decrypt(stored.address), lastInboundAt: stored.lastInboundAt, discreet: stored.discreet === true }
      : request.replyTo
        ? { contactHash: request.replyTo.contactHash, to: () => request.replyTo!.address, lastInboundAt: request.replyTo.at }
        : kind === 'proactive' && request.to
          ? { contactHash: request.to.contactHash, to: () => request.to!.address, lastInboundAt: new Date(0) }
          : undefined;
    if (!contact) return refuse(request, kind, 'no_address');
    if (await repos.optOuts.isOptedOut(contact.contactHash)) return refuse(request, kind, 'opted_out');

    const safe = request.safeContact ?? {};
    // A reply to someone who is writing to us right now is on their channel at their time; preferences
    // about channels and times govern only what we start.
    if (kind === 'proactive') {
      if (safe.channels && safe.channels.length > 0 && !(safe.channels as string[]).includes(request.channel)) {
        return refuse(request, kind, 'channel_not_allowed');
      }
      if (safe.safeTimes && !withinSafeTimes(safe.safeTimes, now())) return refuse(request, kind, 'outside_safe_times');
    }

    let template = request.template;
    // Someone else may read their messages (the caller says so, or the conversation said so: discreet mode).
    // Whatever the caller meant to send on our own initiative, only the neutral template goes: it names no
    // subject, team or helpline, and asks them to reply, so the words themselves go only to someone writing now.
    if (safe.someoneElseReads || (kind === 'proactive' && contact.discreet === true)) {
      if (request.wordsOnly) return refuse(request, kind, 'neutral_only');
      template = { name: NEUTRAL_TEMPLATE };
    }
    if (!template && (!request.prompts || request.prompts.length === 0)) return refuse(request, kind, 'nothing_to_send');

    const windowOpen = now().getTime() - contact.lastInboundAt.getTime() < WHATSAPP_WINDOW_MS;
    if (request.channel === 'whatsapp' && !windowOpen && !template) return refuse(request, kind, 'template_required');

    let content: OutboundContent;
    if (template) {
      const contentSid = deps.whatsappTemplates[template.name];
      if (request.channel === 'whatsapp' && !contentSid) return refuse(request, kind, 'unknown_template');
      content = {
        kind: 'template',
        name: template.name,
        variables: { organisation: deps.organisationName, ...template.variables },
        ...(contentSid ? { contentSid } : {}),
      };
    } else {
      content = { kind: 'prompts', prompts: request.prompts ?? [], ...(request.locale ? { locale: request.locale } : {}) };
    }

    const to = contact.to();
    const recordSent = async (parts: SentPart[]): Promise<string[]> => {
      const ids: string[] = [];
      for (const part of parts) {
        ids.push(await record(request, kind, { providerMessageId: part.providerMessageId, status: statusOf(part.status), template: template?.name }));
      }
      return ids;
    };
    let parts: SentPart[];
    try {
      parts = await deps.sender.send({ channel: request.channel, to, content });
    } catch (error) {
      const code = error instanceof SendError ? error.code : undefined;
      const sent = error instanceof SendError ? error.sent : [];
      const ids = await recordSent(sent);
      ids.push(await record(request, kind, { status: 'failed', ...(code !== undefined ? { errorCode: code } : {}), template: template?.name }));
      log.warn({ caseId: request.caseId, channel: request.channel, errorCode: code }, 'outbound message failed');
      await afterFailure(request.caseId, contact.contactHash, code);
      return { status: 'failed', errorCode: code, messageIds: ids };
    }
    const ids = await recordSent(parts);
    log.info({ caseId: request.caseId, channel: request.channel, parts: parts.length, kind }, 'outbound message sent');
    return { status: 'sent', messageIds: ids, ...(template ? { template: template.name } : {}) };
  }

  async function afterFailure(caseId: string | undefined, contactHash: string | undefined, code: number | undefined): Promise<void> {
    if (code === undefined || !BLOCKING_ERROR_CODES.has(code)) return;
    // 21610: the carrier says this person has unsubscribed; sending again would only fail again.
    if (code === 21610 && contactHash) await repos.optOuts.set(contactHash, true, 'carrier-21610', now());
    await alertCase(caseId, 'contact_failed', `Message could not be delivered (error ${code}); do not retry without checking safe contact.`);
  }

  return {
    ensureIndexes: () => repos.ensureIndexes(),

    /** Remembers where to reply and when the person last wrote (the WhatsApp window). */
    async recordInbound(input: { channel: OutboundChannel; conversationKey: string; contactHash: string; address: string; at: Date }): Promise<void> {
      await repos.contacts.upsert({
        conversationKey: input.conversationKey,
        channel: input.channel,
        contactHash: input.contactHash,
        address: cipher.encrypt(input.address),
        lastInboundAt: input.at,
      });
    },

    /** Quick exit (and an anonymous report): the raw address, how we answered and what we sent outside any case. */
    async forget(conversationKey: string): Promise<void> {
      await repos.contacts.remove(conversationKey);
      await repos.replies.removeForConversation(conversationKey);
      await repos.messages.removeRepliesForConversation(conversationKey);
    },

    isOptedOut: (contactHash: string) => repos.optOuts.isOptedOut(contactHash),

    /** Discreet mode has begun in this conversation: from now on every proactive message to it is the neutral template. */
    keepDiscreet: (conversationKey: string) => repos.contacts.markDiscreet(conversationKey),

    /** The raw address a conversation came from, for the case service to hash as the reporter's contact
     *  (SubmitLink.senderAddress). Undefined once forgotten (quick exit) or never known. */
    async addressOf(conversationKey: string): Promise<string | undefined> {
      const contact = await repos.contacts.find(conversationKey);
      return contact ? cipher.decrypt(contact.address) : undefined;
    },

    /** Records an opt-out and alerts every open high-risk case for this contact. Returns the alerted case ids. */
    async optOut(contactHash: string, keyword: string): Promise<string[]> {
      await repos.optOuts.set(contactHash, true, keyword, now());
      if (!deps.cases) return [];
      const open = await deps.cases.findOpenCasesByContactHash(contactHash);
      const alerted: string[] = [];
      for (const c of open.filter((x) => x.highRisk)) {
        await alertCase(c.id, 'contact_opted_out', `The reporter texted ${keyword}: no further messages can be sent to this number. Check on their safety another way.`);
        alerted.push(c.id);
      }
      log.info({ alertedCases: alerted.length }, 'contact opted out');
      return alerted;
    },

    async optIn(contactHash: string, keyword: string): Promise<void> {
      await repos.optOuts.set(contactHash, false, keyword, now());
    },

    sendProactive: (request: SendRequest) => send(request, 'proactive'),

    /** A turn's prompts that missed the webhook's reply budget. */
    sendReply: (request: Pick<SendRequest, 'channel' | 'conversationKey' | 'prompts' | 'locale'> & { replyTo?: ReplyTo }) => send(request, 'reply'),

    /**
     * A member of staff talking with the person now: their words on the person's own channel, as a reply (the
     * person is writing to us, so safe times govern nothing here). Outside the WhatsApp 24-hour window only the
     * neutral template asking them to reply goes out; `held` says the words wait for their reply.
     */
    async sendLive(request: Pick<SendRequest, 'channel' | 'conversationKey' | 'prompts' | 'caseId' | 'ref'>): Promise<SendOutcome & { held?: boolean }> {
      const first = await send(request, 'reply');
      if (first.status !== 'refused' || first.reason !== 'template_required') return first;
      const nudge = await send({ channel: request.channel, conversationKey: request.conversationKey, template: { name: NEUTRAL_TEMPLATE } }, 'reply');
      return { ...nudge, held: true };
    },

    /** When the person last wrote on SMS or WhatsApp (the 24-hour window runs from it); undefined once forgotten. */
    async lastInboundAt(conversationKey: string): Promise<Date | undefined> {
      return (await repos.contacts.find(conversationKey))?.lastInboundAt;
    },

    /** A delivery callback: moves the record forward (never back) and reports blocking errors against the case. */
    async recordStatus(providerMessageId: string, providerStatus: string, errorCode: number | undefined): Promise<OutboundMessageRecord | undefined> {
      const updated = await repos.messages.advance(providerMessageId, statusOf(providerStatus), errorCode, now());
      if (updated && errorCode !== undefined && BLOCKING_ERROR_CODES.has(errorCode)) {
        const contact = await repos.contacts.find(updated.conversationKey);
        await afterFailure(updated.caseId, contact?.contactHash, errorCode);
      }
      return updated;
    },

    /**
     * Retention, for a scheduled job: replies kept for Twilio retries are only needed for minutes; an address
     * is kept while a case may still need to reach the person (the caller decides how long that is).
     */
    async purge(input: { repliesBefore: Date; contactsIdleSince?: Date }): Promise<{ replies: number; contacts: number }> {
      const replies = await repos.replies.removeOlderThan(input.repliesBefore);
      const contacts = input.contactsIdleSince ? await repos.contacts.removeIdleSince(input.contactsIdleSince) : 0;
      log.info({ replies, contacts }, 'outbound records purged');
      return { replies, contacts };
    },

    listForConversation: (conversationKey: string) => repos.messages.listForConversation(conversationKey),
    listForCase: (caseId: string) => repos.messages.listForCase(caseId),
    /** Retention: the delivery records of cases the purge has removed. */
    forgetCases: (caseIds: string[]) => repos.messages.removeForCases(caseIds),
    webhookReplies: repos.replies,
  };
}

function statusOf(providerStatus: string): DeliveryStatus {
  switch (providerStatus) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
      return 'queued';
    case 'sending':
      return 'sending';
    case 'sent':
      return 'sent';
    case 'delivered':
      return 'delivered';
    case 'read':
      return 'read';
    case 'undelivered':
      return 'undelivered';
    default:
      return 'failed';
  }
}
