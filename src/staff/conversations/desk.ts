// The hand-off desk: what the console does with conversations handed to a person. Who may see each one (the
// teams that may take it), taking it, writing to the person on their own channel (web chat through its
// stream; SMS and WhatsApp through the one outbound path), handing it back or closing it into a case. The
// channels and the runtime come in as ports from the composition root (src/staff imports no channel).
import type { ClaimOutcome, HandoffClaims, Officer } from '../../cases/handoff-claims';
import type { HandoffRecord } from '../../cases/handoff.mongo';
import type { HandoffMessage, HandoffService, HandoffView } from '../../cases/handoff.service';
import type { OutboundPrompt, TurnHandler } from '../../conversation/types';
import type { Logger } from '../../log/logger';
import type { Outbound } from '../../outbound/outbound.service';
import type { Access, StaffPrincipal } from '../access/permissions';

/** The web chat, as the desk needs it (webchat.routes.ts fills it in). */
export interface WebChatPort {
  /** Into the person's open conversation (stored in its transcript, pushed to their tabs); idempotent by `id`. */
  deliver(conversationKey: string, message: { id: string; text: string } | { id: string; prompts: OutboundPrompt[]; locale: string }): Promise<'delivered' | 'gone'>;
  /** Whether the conversation is still there, and whether a page of it is connected now. */
  status(conversationKey: string): Promise<{ open: boolean; connected: boolean }>;
}

/** Words the reporter reads around an officer's message (locales: `common:staffMessage.*`). */
export type StaffWords = (key: 'named', params: Record<string, string>) => string;

export interface DeskDeps {
  handoffs: HandoffService;
  claims: HandoffClaims;
  access: Access;
  handleTurn: TurnHandler;
  webChat?: WebChatPort;
  /** The outbound path, when SMS and WhatsApp are configured (built after the console). */
  outbound: () => Outbound | undefined;
  words: StaffWords;
  organisationName: string;
  logger: Logger;
  now: () => Date;
}

export type SendResult = { ok: true; seq: number; duplicate: boolean } | { ok: false; reason: 'not_yours' | 'gone' | 'empty' };

/** Whether the person's channel can be written to now (shown beside the reply box). */
export interface Reachability {
  channel: string;
  /** web chat: a page is open; SMS: always; WhatsApp: within the 24-hour window. */
  canReply: boolean;
  /** WhatsApp: minutes of the window left (0 when closed). */
  windowMinutesLeft?: number;
  /** Web chat: the conversation still exists, a page is connected. */
  open?: boolean;
  connected?: boolean;
}

/** A hand-off as stored or opened: what the desk reads of it (never the sealed summary itself). */
export type HandoffLike = Omit<HandoffRecord, 'summary'>;

const WHATSAPP_WINDOW_MS = 24 * 3600_000;

export function createDesk(deps: DeskDeps) {
  const { handoffs, claims, access } = deps;
  const log = deps.logger.child({ component: 'handoff-desk' });

  /** The teams that may take it: its team, or whoever sees cases of its kind (unknown kind: every team). */
  function canSee(user: StaffPrincipal, record: Pick<HandoffRecord, 'teamId' | 'kind' | 'urgent' | 'owner' | 'status'>): boolean {
    if (!access.can(user, 'conversations.takeOver')) return false;
    if (record.owner?.id === user.id) return true;
    if (record.status === 'gone') return false;
    if (!record.kind) return true;
    return access.canSeeCase(user, { teamId: record.teamId ?? '', kind: record.kind as never, highRisk: record.urgent === true, identityAccess: 'owning_team' });
  }

  async function reachability(record: HandoffLike): Promise<Reachability> {
    const channel = record.channel;
    if (!record.conversationKey || record.status === 'gone') return { channel, canReply: false };
    if (channel === 'webchat') {
      const status = (await deps.webChat?.status(record.conversationKey)) ?? { open: false, connected: false };
      return { channel, canReply: status.open, open: status.open, connected: status.connected };
    }
    if (channel === 'whatsapp') {
      const last = await deps.outbound()?.lastInboundAt(record.conversationKey);
      const left = last ? Math.max(0, Math.floor((last.getTime() + WHATSAPP_WINDOW_MS - deps.now().getTime()) / 60_000)) : 0;
      return { channel, canReply: deps.outbound() !== undefined, windowMinutesLeft: left };
    }
    return { channel, canReply: channel === 'sms' && deps.outbound() !== undefined };
  }

  /** The person's channel: web chat through its stream, SMS and WhatsApp through the outbound path. */
  async function deliver(record: HandoffLike, seq: number, id: string, text: string): Promise<void> {
    const key = record.conversationKey;
    if (!key) return handoffs.setDelivery(record.id, seq, { state: 'refused', reason: 'gone' });
    const discreet = await isDiscreet(record);
    const words = discreet ? text : deps.words('named', { name: firstName(record.owner?.name ?? ''), organisation: deps.organisationName, text });
    if (record.channel === 'webchat') {
      const done = (await deps.webChat?.deliver(key, { id, text: words })) ?? 'gone';
      return handoffs.setDelivery(record.id, seq, done === 'delivered' ? { state: 'sent' } : { state: 'refused', reason: 'gone' });
    }
    if ((record.channel !== 'sms' && record.channel !== 'whatsapp') || !deps.outbound()) {
      return handoffs.setDelivery(record.id, seq, { state: 'refused', reason: 'channel' });
    }
    const outcome = await deps.outbound()!.sendLive({ channel: record.channel, conversationKey: key, prompts: [{ key: 'common:staffMessage.named', text: words }], ...(record.caseId ? { caseId: record.caseId } : {}) });
    if (outcome.status === 'sent') return handoffs.setDelivery(record.id, seq, outcome.held ? { state: 'held', outboundIds: outcome.messageIds } : { state: 'sent', outboundIds: outcome.messageIds });
    if (outcome.status === 'refused') return handoffs.setDelivery(record.id, seq, { state: 'refused', reason: outcome.reason });
    return handoffs.setDelivery(record.id, seq, { state: 'failed', outboundIds: outcome.messageIds, ...(outcome.errorCode !== undefined ? { errorCode: outcome.errorCode } : {}) });
  }

  /** Someone else may read their messages, or it is not safe now: no name or team on the officer's words. */
  async function isDiscreet(record: HandoffLike): Promise<boolean> {
    const view = await handoffs.getHandoff(record.id);
    const safety = view?.summary.safety;
    return safety?.othersMayReadMessages === 'yes' || safety?.othersMayReadMessages === 'dont_know' || safety?.safeToTalk === false;
  }

  return {
    canSee,
    reachability,
    isDiscreet,

    /** The list: waiting (urgent first, then oldest) and taken, as this person may see them. */
    async list(user: StaffPrincipal): Promise<{ waiting: HandoffView[]; taken: HandoffView[] }> {
      const [waiting, taken] = await Promise.all([handoffs.listWaiting(), handoffs.listClaimed()]);
      return { waiting: waiting.filter((h) => canSee(user, h)), taken: taken.filter((h) => canSee(user, h)) };
    },

    async get(user: StaffPrincipal, id: string): Promise<HandoffView | undefined> {
      const view = await handoffs.getHandoff(id);
      return view && (canSee(user, view) || view.status === 'gone') ? view : undefined;
    },

    /** Waits until `changed` holds for the conversation (an entry added here, or seen in the database each second), or a delivery changes. */
    waitForChange(id: string, changed: (record: HandoffRecord) => boolean, ms: number, res?: { on(event: 'close', fn: () => void): unknown }): Promise<HandoffRecord | undefined> {
      return new Promise((resolve) => {
        let done = false;
        const finish = (record: HandoffRecord | undefined) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          clearInterval(tick);
          stop();
          resolve(record);
        };
        const check = async () => {
          const record = await handoffs.getRecord(id);
          if (!record || changed(record)) finish(record);
        };
        // A delivery changed (sent, held, failed): the screen's next answer carries it, so answer now.
        const stop = handoffs.subscribe((handoffId, what) => {
          if (handoffId !== id) return;
          if (what === 'delivery') void handoffs.getRecord(id).then(finish, () => undefined);
          else void check().catch(() => undefined);
        });
        const tick = setInterval(() => void check().catch(() => undefined), 1000);
        const timer = setTimeout(() => finish(undefined), ms);
        res?.on('close', () => finish(undefined));
      });
    },

    read: (id: string, after: number): Promise<{ messages: HandoffMessage[]; watermark: number } | undefined> => handoffs.read(id, after),

    claim: (id: string, officer: Officer): Promise<ClaimOutcome> => claims.claim(id, officer),
    release: (id: string, officer: Officer) => claims.release(id, officer),
    transfer: claims.transfer,

    /**
     * The officer's words to the person. Idempotent by the client's id: a send retried after a dropped
     * connection finds the entry it made and nothing goes out twice.
     */
    async send(id: string, officer: Officer, clientId: string, text: string): Promise<SendResult> {
      const words = text.trim();
      if (!words) return { ok: false, reason: 'empty' };
      const record = await handoffs.getRecord(id);
      if (!record || record.status === 'gone') return { ok: false, reason: 'gone' };
      const claim = await handoffs.claimSend(id, clientId);
      if (!claim.claimed) return claim.seq === null ? { ok: true, seq: -1, duplicate: true } : { ok: true, seq: claim.seq, duplicate: true };
      if (record.status !== 'claimed' || record.owner?.id !== officer.id) {
        await handoffs.releaseSend(id, clientId);
        return { ok: false, reason: 'not_yours' };
      }
      let seq: number;
      try {
        seq = await handoffs.append(id, { from: 'officer', text: words, name: officer.name, actorId: officer.id, clientId });
      } catch (error) {
        await handoffs.releaseSend(id, clientId);
        throw error;
      }
      await handoffs.recordSend(id, clientId, seq);
      try {
        await deliver(record, seq, `${id}:${seq}`, words);
      } catch (error) {
        log.error({ channel: record.channel, err: { type: (error as Error).name } }, 'officer message not delivered');
        await handoffs.setDelivery(id, seq, { state: 'failed' });
      }
      return { ok: true, seq, duplicate: false };
    },

    /** The person wrote again on WhatsApp: words held for the window go now, in order. */
    async sendHeld(id: string): Promise<void> {
      const record = await handoffs.getRecord(id);
      if (!record || record.status !== 'claimed') return;
      for (const held of await handoffs.listHeld(id)) await deliver(record, held.seq, `${id}:${held.seq}`, held.text);
    },

    /** Gives the conversation back to the assistant, whose words after it go out on the person's channel. */
    async handBack(id: string, officer: Officer, then: 'carryOn' | 'finish', link?: { caseId: string; caseReference: string }): Promise<ClaimOutcome> {
      const outcome = await claims.handBack(id, officer, then, link);
      if (!outcome.ok) return outcome;
      await runControl(outcome.record, then === 'finish' ? { kind: 'handBack', then, ...(link ? { reference: link.caseReference } : {}) } : { kind: 'handBack', then });
      return outcome;
    },

    async close(id: string, officer: Officer, link: { caseId: string; caseReference: string }): Promise<ClaimOutcome> {
      const outcome = await claims.close(id, officer, link);
      if (outcome.ok) await runControl(outcome.record, { kind: 'closed' });
      return outcome;
    },
  };

  /** Runs the hand-back turn and sends what the assistant says on the person's channel. */
  async function runControl(record: HandoffLike, control: Parameters<TurnHandler>[0]['control'] & object): Promise<void> {
    const key = record.conversationKey;
    if (!key) return;
    const result = await deps.handleTurn({
      channel: record.channel as never,
      conversationKey: key,
      providerMessageId: `handoff:${record.id}:${record.revision ?? 0}`,
      text: '',
      receivedAt: deps.now(),
      control,
    });
    if (result.prompts.length === 0) return;
    await handoffs.append(record.id, { from: 'bot', text: result.prompts.map((p) => p.text).join('\n\n') });
    if (record.channel === 'webchat') await deps.webChat?.deliver(key, { id: `${record.id}:back:${record.revision ?? 0}`, prompts: result.prompts, locale: result.locale });
    else if ((record.channel === 'sms' || record.channel === 'whatsapp') && deps.outbound()) await deps.outbound()!.sendLive({ channel: record.channel, conversationKey: key, prompts: result.prompts });
  }
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

export type Desk = ReturnType<typeof createDesk>;
