// Plays a reporter through the real intake dialog for the benchmark: answers each question the way a calm
// person reporting noise would, until the report is submitted.
import type { OutboundPrompt, TurnHandler } from '../src/conversation/types';

const WORDS = 'Loud music and shouting from the flat upstairs most nights until 3am.';

const NO = ['askingPerceivedHate', 'askingViolence', 'askingDangerRemaining', 'askingPropertyDamage', 'askingPerpetratorKnown', 'askingChildren', 'askingVulnerableAdult', 'askingPolice', 'askingEvidence', 'offeringHarm', 'askingMoreChannels'];

/** What the reporter answers to a prompt (the last prompt of a turn is the question). */
export function answerTo(prompt: OutboundPrompt | undefined): string {
  const key = prompt?.key ?? '';
  if (key.includes('askingDanger')) return 'no';
  if (key.includes('askingSafeToTalk')) return 'yes';
  if (key.includes('askingOthersRead')) return 'no';
  // A calm report: not because of who they are, nobody hurt, no children or adults at risk, no police, no more questions offered.
  if (NO.some((question) => key.includes(question))) return 'no';
  // A professional's referral questions (never reached by a noise report) may each be skipped.
  if (key.includes('askingReferral')) return 'skip';
  if (key.includes('welcomeBack')) return '1';
  if (key.includes('reviewing')) return '1';
  if (key.includes('askingAnonymity')) return '1';
  if (prompt?.choices && prompt.choices.length > 0) return '1';
  return WORDS;
}

export const isSubmitted = (prompts: OutboundPrompt[]): boolean => prompts.some((p) => p.key.startsWith('intake:submitted'));

export interface Conversation {
  /** Sends the next answer; resolves with the turn's time in ms and whether it submitted the report. */
  next(): Promise<{ ms: number; submitted: boolean; ended: boolean }>;
  /** The key of the last question asked. */
  lastQuestion(): string;
}

export function conversation(handleTurn: TurnHandler, key: string, channel: 'sms' | 'webchat' = 'sms'): Conversation {
  let last: OutboundPrompt | undefined;
  let step = 0;
  return {
    async next() {
      const text = step === 0 ? 'hi' : answerTo(last);
      const started = performance.now();
      const result = await handleTurn({ channel, conversationKey: key, providerMessageId: `${key}-${step}`, text, receivedAt: new Date() });
      const ms = performance.now() - started;
      step += 1;
      last = result.prompts.at(-1);
      return { ms, submitted: isSubmitted(result.prompts), ended: result.ended };
    },
    lastQuestion: () => last?.key ?? '',
  };
}
