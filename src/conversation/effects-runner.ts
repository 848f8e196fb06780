// The work a dialog asked for in a turn (submit the report, open the urgent case, hand off to a person, erase, keep later
// messages discreet), run after the
// transition, each idempotent with its key; the results go back to the dialog as events.
import type { ChannelKind, DialogEvent } from '../../dialogs/shared/contract';
import { AppError } from '../errors';
import type { Logger } from '../log/logger';
import { send, type LiveActor } from './dialog-actor';
import type { EffectPorts } from './effects';
import type { DialogEffect } from '../../dialogs/shared/contract';

const MAX_EFFECT_ROUNDS = 20;

export interface EffectContext {
  ports: EffectPorts;
  logger: Logger;
  onEffect?: (effect: DialogEffect) => void;
  sessionId: string;
  conversationKey: string;
  channel: ChannelKind;
  /** Where the message came from (a restored conversation keeps its own channel). */
  origin: { conversationKey: string; channel: ChannelKind };
  locale: string;
  /** What the person typed that the dialog could not take: always goes to a person with a hand-off. */
  unmatched: () => string[];
}

export function errorCode(error: unknown): string {
  if (error instanceof AppError) return error.code;
  return error instanceof Error ? error.name : 'error';
}

/** Runs the dialog's effects until it asks for no more; true when it asked to erase the conversation. */
export async function runEffects(run: LiveActor, ctx: EffectContext): Promise<{ erased: boolean }> {
  let erased = false;
  for (let rounds = 0; run.effects.length > 0 && rounds < MAX_EFFECT_ROUNDS; rounds += 1) {
    const effect = run.effects.shift()!;
    ctx.onEffect?.(effect);
    if (effect.kind === 'erase') {
      erased = true;
    } else if (effect.kind === 'keepDiscreet') {
      try {
        await ctx.ports.keepDiscreet?.(ctx.origin);
      } catch (error) {
        // The turn's own words are already discreet; the dialog asks again if the person answers again.
        ctx.logger.error({ sessionId: ctx.sessionId, err: { type: errorCode(error) } }, 'keeping later messages neutral failed');
      }
    } else if (effect.kind === 'submitReport') {
      try {
        const output = await ctx.ports.submitReport({ ...effect.report, locale: ctx.locale, sessionId: ctx.sessionId }, ctx.origin);
        send(run, { type: 'effect.submitReport.done', output });
      } catch (error) {
        ctx.logger.error({ sessionId: ctx.sessionId, err: { type: errorCode(error) } }, 'submitting the report failed');
        send(run, { type: 'effect.submitReport.failed', error: errorCode(error) });
      }
    } else if (effect.kind === 'handoff') {
      send(run, await handoff(effect, ctx));
    } else if (effect.kind === 'openUrgentCase') {
      try {
        const output = await ctx.ports.openUrgentCase({ ...effect.report, locale: ctx.locale, sessionId: ctx.sessionId }, ctx.origin);
        send(run, { type: 'effect.openUrgentCase.done', output });
      } catch (error) {
        // The dialog tries again with its next answer; the person is not held up.
        ctx.logger.error({ sessionId: ctx.sessionId, err: { type: errorCode(error) } }, 'opening the urgent case failed');
        send(run, { type: 'effect.openUrgentCase.failed', error: errorCode(error) });
      }
    }
  }
  return { erased };
}

async function handoff(effect: Extract<DialogEffect, { kind: 'handoff' }>, ctx: EffectContext): Promise<DialogEvent> {
  try {
    const output = await ctx.ports.requestHandoff({
      key: effect.key,
      sessionId: ctx.sessionId,
      conversationKey: ctx.conversationKey,
      channel: ctx.channel,
      reason: effect.reason,
      summary: effect.summary,
      unmatched: ctx.unmatched(),
    });
    return { type: 'effect.handoff.done', output };
  } catch (error) {
    ctx.logger.error({ sessionId: ctx.sessionId, err: { type: errorCode(error) } }, 'hand-off failed');
    return { type: 'effect.handoff.failed', error: errorCode(error) };
  }
}
