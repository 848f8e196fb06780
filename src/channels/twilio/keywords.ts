// Twilio's reserved opt-out and opt-in words. A message that is only one of these words is about
// subscription, not the conversation.
export const OPT_OUT_WORDS = new Set(['STOP', 'END', 'QUIT', 'CANCEL', 'UNSUBSCRIBE', 'STOPALL', 'REVOKE', 'OPTOUT']);
export const OPT_IN_WORDS = new Set(['START', 'UNSTOP', 'YES']);

export function reservedWord(text: string): string | undefined {
  const word = text.trim().replace(/[.!]+$/, '').toUpperCase();
  return OPT_OUT_WORDS.has(word) || OPT_IN_WORDS.has(word) ? word : undefined;
}
