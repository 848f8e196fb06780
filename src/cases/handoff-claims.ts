// Who has a conversation with a person: take it, pass it on with a note, put it back, hand it back to the
// assistant or close it. Each is one conditional update of the hand-off (handoff.mongo.ts `move`), so two
// officers taking it at once get one winner, and someone who no longer has it changes nothing. Each change
// leaves a notice in the conversation's log, so whoever has it next sees what happened.
import type { HandoffRecord } from './handoff.mongo';
import type { HandoffService } from './handoff.service';

export interface Officer {
  id: string;
  name: string;
}

export type ClaimOutcome = { ok: true; record: HandoffRecord } | { ok: false; reason: 'taken' | 'not_yours' | 'gone' | 'missing'; record?: HandoffRecord };

export function createHandoffClaims(deps: { handoffs: HandoffService; now?: () => Date }) {
  const { handoffs } = deps;
  const repo = handoffs.repository;
  const now = deps.now ?? (() => new Date());

  async function refused(id: string, mine: boolean): Promise<ClaimOutcome> {
    const record = await repo.findById(id);
    if (!record) return { ok: false, reason: 'missing' };
    if (record.status === 'gone') return { ok: false, reason: 'gone', record };
    return { ok: false, reason: mine ? 'not_yours' : 'taken', record };
  }

  const notice = (id: string, kind: string, officer: Officer, params: Record<string, string> = {}, text = '') =>
    handoffs.append(id, { from: 'system', notice: kind, actorId: officer.id, params: { name: officer.name, ...params }, text });

  return {
    /** Takes a waiting conversation: the bot goes quiet and the person's messages come to this officer. */
    async claim(id: string, officer: Officer): Promise<ClaimOutcome> {
      const at = now();
      const record = await repo.move(id, { from: { status: 'waiting' }, set: { status: 'claimed', owner: { id: officer.id, name: officer.name, at } } }, at);
      if (!record) return refused(id, false);
      await notice(id, 'claimed', officer);
      return { ok: true, record };
    },

    /** Puts it back in the list (for the same team). */
    async release(id: string, officer: Officer): Promise<ClaimOutcome> {
      const record = await repo.move(id, { from: { status: 'claimed', ownerId: officer.id }, set: { status: 'waiting', owner: null } }, now());
      if (!record) return refused(id, true);
      await notice(id, 'released', officer);
      return { ok: true, record };
    },

    /** To a colleague (who has it at once) or to another team's list, with a note for whoever takes it. */
    async transfer(id: string, officer: Officer, to: { colleague: Officer } | { teamId: string; teamName: string }, note: string): Promise<ClaimOutcome> {
      const at = now();
      const set: Parameters<typeof repo.move>[1]['set'] =
        'colleague' in to ? { owner: { id: to.colleague.id, name: to.colleague.name, at } } : { status: 'waiting', owner: null, teamId: to.teamId };
      const record = await repo.move(id, { from: { status: 'claimed', ownerId: officer.id }, set }, at);
      if (!record) return refused(id, true);
      const target = 'colleague' in to ? to.colleague.name : to.teamName;
      await notice(id, 'colleague' in to ? 'transferredTo' : 'transferredToTeam', officer, { to: target }, note);
      return { ok: true, record };
    },

    /** Gives the conversation back to the assistant: to carry on the report, or to finish with its closing words. */
    async handBack(id: string, officer: Officer, outcome: 'carryOn' | 'finish', link?: { caseId: string; caseReference: string }): Promise<ClaimOutcome> {
      const record = await repo.move(id, { from: { status: 'claimed', ownerId: officer.id }, set: { status: 'returned', owner: null, outcome, ...(link ?? {}) } }, now());
      if (!record) return refused(id, true);
      await notice(id, outcome === 'carryOn' ? 'handedBack' : 'finished', officer, link ? { reference: link.caseReference } : {});
      return { ok: true, record };
    },

    /** Ends it here: the officer has said goodbye; the conversation is kept with the case. */
    async close(id: string, officer: Officer, link: { caseId: string; caseReference: string }): Promise<ClaimOutcome> {
      const record = await repo.move(id, { from: { status: 'claimed', ownerId: officer.id }, set: { status: 'closed', owner: null, outcome: 'close', ...link } }, now());
      if (!record) return refused(id, true);
      await notice(id, 'closed', officer, { reference: link.caseReference });
      return { ok: true, record };
    },

    /** The escalation job: once, for a conversation still waiting. */
    async escalate(id: string, words: { route?: string }): Promise<boolean> {
      const at = now();
      const record = await repo.move(id, { from: { status: 'waiting' }, set: { escalatedAt: at } }, at);
      if (!record) return false;
      await handoffs.append(id, { from: 'system', notice: words.route ? 'escalatedOutOfHours' : 'escalated', params: words.route ? { route: words.route } : {} });
      return true;
    },
  };
}

export type HandoffClaims = ReturnType<typeof createHandoffClaims>;
