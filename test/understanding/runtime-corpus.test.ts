// The whole corpus through the real conversation runtime and database, on SMS and on web chat: each message
// is sent in a conversation waiting at its question (the state xstate/graph reaches with One Vision Housing's
// pack, stored as a session the way the runtime stores one), and what comes back is what a person would see:
// 999 guidance first for danger, the support lines for self-harm, a clarifying question where the answer was
// not clear, "not understood" only where the corpus says so, and otherwise the conversation moving on.
import type { ChannelKind } from '../../dialogs/shared/contract';
import type { ConversationRuntime } from '../../src/conversation/runtime';
import type { ConversationStores } from '../../src/conversation/stores.mongo';
import type { TurnResult } from '../../src/conversation/types';
import { ALL_ROWS } from './corpus';
import { HELD_OUT_1, HELD_OUT_2, HELD_OUT_3, HELD_OUT_4, HELD_OUT_5, HELD_OUT_6 } from './corpus/held-out';
import { policy } from './support/evaluate';
import { intakeStates } from './support/questions';
import { storeWaitingAt, useIntakeRuntime } from './support/runtime';
import type { IntakeSnapshot } from '../dialogs/support/intake-harness';

/** "Whatever the question", through the runtime: a free-text question on SMS, a yes / no one on web chat. */
const ANYWHERE: Record<'sms' | 'webchat', string> = { sms: 'askingWhen', webchat: 'askingChildren' };
const SAFETY = ['intake:danger.guidance', 'intake:selfHarm.support', 'common:danger.guidance', 'common:selfHarm.support'];

/** What a person would notice, for a corpus meaning; undefined when the reply shows it. */
function unmet(meaning: string, question: string, keys: string[], result: TurnResult): string | undefined {
  const first = keys[0] ?? '';
  const safetySaid = keys.some((k) => SAFETY.includes(k));
  const puzzled = keys.some((k) => /notUnderstood|clarify/.test(k));
  // Danger now, or the person still there and dangerous (issue 12: danger remaining gets 999 too).
  const yesIsDanger = (question === 'askingDanger' || question === 'askingDangerRemaining') && meaning === 'yes';
  const yesIsSupport = question === 'askingDash_depressedOrSuicidal' && meaning === 'yes';
  if (meaning === 'danger' || meaning === 'danger+self-harm' || yesIsDanger) {
    if (first !== 'intake:danger.guidance') return 'no 999 guidance first';
    if (meaning === 'danger+self-harm' && !keys.includes('intake:selfHarm.support')) return 'no support lines';
    return undefined;
  }
  if (meaning === 'self-harm' || yesIsSupport) return keys.includes('intake:selfHarm.support') ? undefined : 'no support lines';
  if (safetySaid) return 'a false alarm';
  switch (meaning) {
    case '!exit':
      return result.erased ? undefined : 'not erased';
    case '!person':
      return keys.includes('intake:waitingForPerson.inHours') ? undefined : 'no hand-off';
    case '!help':
      return keys.some((k) => k.endsWith('.help') || k === 'common:help.prompt') ? undefined : 'no help';
    case '!language':
      return keys.includes('common:language.prompt') ? undefined : 'no language question';
    case 'clarify':
      return /clarify/.test(first) ? undefined : 'no clarifying question';
    case '?':
      return first.startsWith('common:notUnderstood') ? undefined : 'not asked again';
    case 'text':
      return puzzled && question !== ANYWHERE.webchat ? 'called a mistake' : undefined;
    default:
      // An answer: the conversation takes it and moves on (or reads back what it recorded).
      return puzzled ? 'not understood' : undefined;
  }
}

describe.each(['sms', 'webchat'] as const)('the corpus through the real runtime on %s', (channel: ChannelKind & ('sms' | 'webchat')) => {
  let stores: ConversationStores;
  let runtime: ConversationRuntime;
  const states = intakeStates(policy, channel);
  let counter = 0;

  useIntakeRuntime((intake) => ({ runtime, stores } = intake));

  /** A conversation waiting at this question, stored as the runtime stores one; then the message. */
  async function sayAt(snapshot: IntakeSnapshot, text: string): Promise<TurnResult> {
    counter += 1;
    const conversationKey = `corpus-${channel}-${counter}`;
    const now = new Date();
    await storeWaitingAt(stores, snapshot, { conversationKey, sessionId: `session-${counter}`, channel, at: now });
    return runtime.handleTurn({ channel, conversationKey, providerMessageId: conversationKey, text, receivedAt: new Date(now.getTime() + 30_000) });
  }

  test('every message of the corpus and the held-out sets gets what its meaning promises', async () => {
    const wrong: string[] = [];
    let sent = 0;
    for (const [row, meaning] of [...ALL_ROWS, ...HELD_OUT_1, ...HELD_OUT_2, ...HELD_OUT_3, ...HELD_OUT_4, ...HELD_OUT_5, ...HELD_OUT_6].map((r) => [r, r[2]] as const)) {
      const question = row[0] === '*' ? ANYWHERE[channel] : row[0];
      const snapshot = states.get(question);
      if (!snapshot || snapshot.context.channel !== channel) continue; // a question this channel does not ask
      const result = await sayAt(snapshot, row[1]);
      sent += 1;
      const problem = unmet(meaning, question, result.prompts.map((p) => p.key), result);
      if (problem) wrong.push(`${question}: "${row[1]}" (${meaning}): ${problem}: ${result.prompts.map((p) => p.key).join(', ')}`);
    }
    expect(sent).toBeGreaterThan(600);
    expect(wrong).toEqual([]);
  }, 600_000);
});
