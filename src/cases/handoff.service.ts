// Handing a conversation to a person: stored once per idempotency key, with the partial report sealed, in
// the list of the team the person's words point to, urgent when they spoke of danger or self-harm; an honest
// answer about when someone will reply (the landlord's office hours and working days); and the log of the
// conversation with the officer (handoff-messages.mongo.ts), every entry sealed.
import type { ChannelKind } from '../../dialogs/shared/contract';
import type { ReportDraft } from '../../dialogs/shared/report';
import type { FieldCipher } from '../crypto/field-cipher';
import type { PolicyPack } from '../policy/pack.schema';
import { isWorkingTime } from '../policy/working-days';
import type { HandoffAuthor, HandoffDelivery, HandoffEntry, HandoffLog } from './handoff-messages.mongo';
import type { HandoffRecord, HandoffRepository } from './handoff.mongo';
import { handoffRouting } from './handoff-routing';

export { handoffRouting } from './handoff-routing';

export interface HandoffInput {
  key: string;
  sessionId: string;
  conversationKey: string;
  channel: ChannelKind;
  reason: 'asked' | 'not_understood' | 'danger';
  summary: Partial<ReportDraft>;
  /** What the person typed that the dialog could not use. */
  unmatched?: string[];
}

/** What changed in a conversation: an entry was added, or an officer's message's delivery. */
export type HandoffChange = 'entry' | 'delivery';

export interface HandoffView extends Omit<HandoffRecord, 'summary'> {
  summary: Partial<ReportDraft>;
  unmatched: string[];
}

/** One entry of the conversation, opened. */
export interface HandoffMessage {
  seq: number;
  at: Date;
  from: HandoffAuthor;
  text: string;
  mediaIds: string[];
  /** The officer's name on their messages; a notice's parameters. */
  name?: string;
  notice?: string;
  params?: Record<string, string>;
  actorId?: string;
  clientId?: string;
  delivery?: HandoffDelivery;
}

export interface NewEntry {
  from: HandoffAuthor;
  text?: string;
  mediaIds?: string[];
  name?: string;
  notice?: string;
  params?: Record<string, string>;
  actorId?: string;
  providerMessageId?: string;
  clientId?: string;
  delivery?: HandoffDelivery;
}

const urgentSummary = (reason: HandoffInput['reason'], summary: Partial<ReportDraft>) =>
  reason === 'danger' || summary.safety?.immediateDangerAtStart === true || summary.safety?.selfHarmDisclosed === true;

export function createHandoffService(deps: { repository: HandoffRepository; log: HandoffLog; pack: PolicyPack; cipher: FieldCipher; now?: () => Date }) {
  const repo = deps.repository;
  const now = deps.now ?? (() => new Date());
  const { pack, cipher, log } = deps;
  // In this process, whoever waits for a conversation's next entry (the officer's screen) hears of it at once,
  // and of a change in how an officer's message was delivered (sent, held, failed, Twilio's callbacks).
  const listeners = new Set<(handoffId: string, what: HandoffChange) => void>();
  const tell = (handoffId: string, what: HandoffChange) => {
    for (const listener of listeners) listener(handoffId, what);
  };

  const open = (record: HandoffRecord): HandoffView => {
    const { summary, unmatched } = record.summary ? (JSON.parse(cipher.decrypt(record.summary)) as { summary: Partial<ReportDraft>; unmatched: string[] }) : { summary: {}, unmatched: [] };
    return { ...record, summary, unmatched };
  };
  const seal = (input: HandoffInput) => cipher.encrypt(JSON.stringify({ summary: input.summary, unmatched: input.unmatched ?? [] }));

  const openEntry = (entry: HandoffEntry): HandoffMessage => {
    const body = JSON.parse(cipher.decrypt(entry.sealed)) as { text?: string; mediaIds?: string[]; name?: string; params?: Record<string, string> };
    return {
      seq: entry.seq,
      at: entry.at,
      from: entry.from,
      text: body.text ?? '',
      mediaIds: body.mediaIds ?? [],
      ...(body.name ? { name: body.name } : {}),
      ...(body.params ? { params: body.params } : {}),
      ...(entry.notice ? { notice: entry.notice } : {}),
      ...(entry.actorId ? { actorId: entry.actorId } : {}),
      ...(entry.clientId ? { clientId: entry.clientId } : {}),
      ...(entry.delivery ? { delivery: entry.delivery } : {}),
    };
  };

  /** Adds an entry to a conversation's log; its place. */
  async function append(handoffId: string, entry: NewEntry): Promise<number> {
    const record = await repo.findById(handoffId);
    if (!record || record.status === 'gone') throw new Error('no such conversation');
    const at = now();
    const body = { text: entry.text ?? '', ...(entry.mediaIds?.length ? { mediaIds: entry.mediaIds } : {}), ...(entry.name ? { name: entry.name } : {}), ...(entry.params ? { params: entry.params } : {}) };
    const seq = await log.place(
      {
        handoffId,
        at,
        from: entry.from,
        sealed: cipher.encrypt(JSON.stringify(body)),
        ...(entry.notice ? { notice: entry.notice } : {}),
        ...(entry.actorId ? { actorId: entry.actorId } : {}),
        ...(entry.providerMessageId ? { providerMessageId: entry.providerMessageId } : {}),
        ...(entry.clientId ? { clientId: entry.clientId } : {}),
        ...(entry.delivery ? { delivery: entry.delivery } : {}),
      },
      record.watermark ?? 0,
    );
    await repo.noteMessages(handoffId, seq + 1, at, entry.from === 'reporter');
    tell(handoffId, 'entry');
    return seq;
  }

  return {
    ensureIndexes: async () => {
      await repo.ensureIndexes();
      await log.ensureIndexes();
    },

    /**
     * Idempotent on `key`: a retry answers as the first call did. A conversation that already has a request
     * waiting or taken keeps that one (with what it has said since): one conversation is one item in the list.
     */
    async requestHandoff(input: HandoffInput): Promise<{ expectedReply: 'in_hours' | 'next_working_day'; handoffId: string; created: boolean }> {
      const at = now();
      const already = await repo.findById(input.key);
      if (already) return { expectedReply: already.expectedReply, handoffId: already.id, created: false };
      const current = await repo.findOpen(input.conversationKey);
      const urgent = urgentSummary(input.reason, input.summary);
      if (current) {
        await repo.refreshSummary(current.id, seal(input), at, urgent);
        return { expectedReply: current.expectedReply, handoffId: current.id, created: false };
      }
      const expectedReply = isWorkingTime(at, pack.calendar, pack.officeHours) ? 'in_hours' : 'next_working_day';
      const routing = handoffRouting(pack, input.summary);
      const { record, created } = await repo.insertOnce({
        id: input.key,
        sessionId: input.sessionId,
        conversationKey: input.conversationKey,
        channel: input.channel,
        reason: input.reason,
        summary: seal(input),
        expectedReply,
        status: 'waiting',
        createdAt: at,
        teamId: routing.teamId,
        ...(routing.kind ? { kind: routing.kind } : {}),
        urgent,
      });
      return { expectedReply: record.expectedReply, handoffId: record.id, created };
    },

    async getHandoff(id: string): Promise<HandoffView | undefined> {
      const record = await repo.findById(id);
      return record ? open(record) : undefined;
    },

    /** The record without opening what the person said (for checks that need only who has it). */
    getRecord: (id: string) => repo.findById(id),

    /** The conversation's request waiting for a person or taken by one: looked up on every turn. */
    findOpen: (conversationKey: string) => repo.findOpen(conversationKey),

    /** Quick exit: each request becomes an empty tombstone (an officer who has it is told), its log goes. */
    async forgetConversation(conversationKey: string): Promise<number> {
      const ids = await repo.tombstoneConversation(conversationKey, now());
      await log.removeForHandoffs(ids);
      return ids.length;
    },

    /** Requests waiting for a person, urgent first, then oldest first (at most `limit`). */
    async listWaiting(limit = 200): Promise<HandoffView[]> {
      const records = (await repo.listByStatus('waiting', limit)).map(open);
      return [...records.filter((r) => r.urgent || r.reason === 'danger'), ...records.filter((r) => !(r.urgent || r.reason === 'danger'))];
    },

    /** Conversations an officer has now (bounded: the open work). */
    listClaimed: async (limit = 200): Promise<HandoffView[]> => (await repo.listByStatus('claimed', limit)).map(open),

    listForSession: async (sessionId: string) => (await repo.listBySession(sessionId)).map(open),
    listForCase: async (caseId: string) => (await repo.listByCase(caseId)).map(open),

    append,

    /** Calls back when an entry is added in this process; returns the way to stop. */
    subscribe(listener: (handoffId: string, what: HandoffChange) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Entries after place `after` (-1: from the start), oldest first; up to the watermark, so there are no gaps. */
    async read(handoffId: string, after: number, limit = 200): Promise<{ messages: HandoffMessage[]; watermark: number } | undefined> {
      const record = await repo.findById(handoffId);
      if (!record) return undefined;
      const watermark = record.watermark ?? 0;
      const entries = await log.read(handoffId, after, watermark, limit);
      return { messages: entries.map(openEntry), watermark };
    },

    /** The entry a reporter's message made (a retried turn must not store it twice). */
    hasProviderMessage: async (providerMessageId: string) => (await log.findByProviderMessageId(providerMessageId)) !== undefined,

    markUrgent: (id: string) => repo.markUrgent(id, now()),
    async setDelivery(handoffId: string, seq: number, delivery: HandoffDelivery): Promise<void> {
      await log.setDelivery(handoffId, seq, delivery);
      tell(handoffId, 'delivery');
    },
    /** The outbound path heard how a message to this conversation went (a delivery callback). */
    async deliveryChanged(conversationKey: string): Promise<void> {
      const open = await repo.findOpen(conversationKey);
      if (open) tell(open.id, 'delivery');
    },
    listHeld: async (handoffId: string) => (await log.listHeld(handoffId)).map(openEntry),
    claimSend: (handoffId: string, clientId: string) => log.claimSend(handoffId, clientId, now()),
    recordSend: (handoffId: string, clientId: string, seq: number) => log.recordSend(handoffId, clientId, seq),
    releaseSend: (handoffId: string, clientId: string) => log.releaseSend(handoffId, clientId),

    /** A report sent after a hand-back: the conversations with a person join its case. */
    attachSession: (sessionId: string, caseId: string, caseReference: string, anonymous: boolean) => repo.attachSession(sessionId, caseId, caseReference, !anonymous),

    /** Retention: conversations of purged cases, tombstones, and conversations that ended without a case. */
    async purge(input: { caseIds: string[]; endedBefore: Date }): Promise<number> {
      const ofCases = await repo.removeForCases(input.caseIds);
      const ended = await repo.removeEndedBefore(input.endedBefore, 500);
      await log.removeForHandoffs([...ofCases, ...ended]);
      return ofCases.length + ended.length;
    },

    repository: repo,
  };
}

export type HandoffService = ReturnType<typeof createHandoffService>;
