// Handing a conversation to a person: stored once per idempotency key, with the partial report sealed,
// and an honest answer about when someone will reply (the landlord's office hours and working days).
import type { ChannelKind } from '../../dialogs/shared/contract';
import type { ReportDraft } from '../../dialogs/shared/report';
import type { FieldCipher } from '../crypto/field-cipher';
import type { PolicyPack } from '../policy/pack.schema';
import { isWorkingTime } from '../policy/working-days';
import type { HandoffRecord, HandoffRepository } from './handoff.mongo';

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

export interface HandoffView extends Omit<HandoffRecord, 'summary'> {
  summary: Partial<ReportDraft>;
  unmatched: string[];
}

export function createHandoffService(deps: { repository: HandoffRepository; pack: PolicyPack; cipher: FieldCipher; now?: () => Date }) {
  const repo = deps.repository;
  const now = deps.now ?? (() => new Date());
  const { pack, cipher } = deps;

  const open = (record: HandoffRecord): HandoffView => {
    const { summary, unmatched } = JSON.parse(cipher.decrypt(record.summary)) as { summary: Partial<ReportDraft>; unmatched: string[] };
    return { ...record, summary, unmatched };
  };

  return {
    ensureIndexes: () => repo.ensureIndexes(),

    /** Idempotent on `key`: a retry answers as the first call did. */
    async requestHandoff(input: HandoffInput): Promise<{ expectedReply: 'in_hours' | 'next_working_day'; handoffId: string; created: boolean }> {
      const at = now();
      const expectedReply = isWorkingTime(at, pack.calendar, pack.officeHours) ? 'in_hours' : 'next_working_day';
      const { record, created } = await repo.insertOnce({
        id: input.key,
        sessionId: input.sessionId,
        conversationKey: input.conversationKey,
        channel: input.channel,
        reason: input.reason,
        summary: cipher.encrypt(JSON.stringify({ summary: input.summary, unmatched: input.unmatched ?? [] })),
        expectedReply,
        status: 'waiting',
        createdAt: at,
      });
      return { expectedReply: record.expectedReply, handoffId: record.id, created };
    },

    async getHandoff(id: string): Promise<HandoffView | undefined> {
      const record = await repo.findById(id);
      return record ? open(record) : undefined;
    },

    /** Quick exit: the conversation's requests for a person go with it. */
    forgetConversation: (conversationKey: string) => repo.removeForConversation(conversationKey),

    /** Requests waiting for a person, oldest first (danger first among them). */
    async listWaiting(limit = 50): Promise<HandoffView[]> {
      const records = (await repo.listByStatus('waiting', limit)).map(open);
      return [...records.filter((r) => r.reason === 'danger'), ...records.filter((r) => r.reason !== 'danger')];
    },
  };
}

export type HandoffService = ReturnType<typeof createHandoffService>;
