// The runtime's view of hand-offs (src/conversation/ownership.ts `OwnershipPort`): whether a conversation has
// a request waiting or taken, and its messages kept in the conversation's log for the officer, each once.
import type { OwnershipPort } from '../conversation/ownership';
import type { HandoffService } from './handoff.service';

export function createHandoffOwnership(deps: {
  handoffs: HandoffService;
  /** After a message from the person reaches a taken conversation (WhatsApp: held words can go now). */
  onReporterMessage?: (handoffId: string) => void;
}): OwnershipPort {
  const { handoffs } = deps;
  return {
    find: async (conversationKey) => {
      const record = await handoffs.findOpen(conversationKey);
      return record && { id: record.id, status: record.status };
    },
    async record(handoffId, message, signals) {
      if (await handoffs.hasProviderMessage(message.providerMessageId)) return;
      const mediaIds = (message.media ?? []).map((m) => m.id);
      await handoffs.append(handoffId, { from: 'reporter', text: message.text.trim(), mediaIds, providerMessageId: message.providerMessageId });
      if (signals.danger || signals.selfHarm) await handoffs.markUrgent(handoffId);
      if (signals.danger) await handoffs.append(handoffId, { from: 'system', notice: 'danger' });
      if (signals.selfHarm) await handoffs.append(handoffId, { from: 'system', notice: 'selfHarm' });
      deps.onReporterMessage?.(handoffId);
    },
    async recordBot(handoffId, prompts) {
      await handoffs.append(handoffId, { from: 'bot', text: prompts.map((p) => p.text).join('\n\n') });
    },
  };
}
