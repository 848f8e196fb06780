// Interrupt words. Twilio answers its reserved opt-out words itself (and STOP blocks all further texts),
// so our exit word must never be one of them, in any language we ship.
import path from 'node:path';
import { createTranslations, normaliseAnswer } from '../../src/conversation/i18n';

const TWILIO_RESERVED = ['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout', 'start', 'unstop', 'yes', 'help', 'info'];
const i18n = createTranslations({ localesDir: path.resolve(__dirname, '../../locales') });

test.each(i18n.languages)('%s: exit, danger and person words are not Twilio reserved words', (lng) => {
  for (const kind of ['exit', 'danger', 'person'] as const) {
    const words = i18n.keywords(lng, kind);
    expect(words.length).toBeGreaterThan(0);
    expect(words.filter((w) => TWILIO_RESERVED.includes(w))).toEqual([]);
  }
});

test.each(i18n.languages)('%s: no word means two different interrupts', (lng) => {
  const seen = new Map<string, string>();
  for (const kind of ['danger', 'exit', 'person', 'help', 'back', 'skip', 'language'] as const) {
    for (const word of i18n.keywords(lng, kind)) {
      expect(`${word} → ${seen.get(word) ?? kind}`).toBe(`${word} → ${kind}`);
      seen.set(word, kind);
    }
  }
});

test('keywords match however they are typed', () => {
  expect(normaliseAnswer('  Quick-Exit!! ')).toBe('quick exit');
  expect(i18n.keywords('en', 'exit')).toContain(normaliseAnswer('  Quick-Exit!! '));
  expect(i18n.keywords('en', 'danger')).toContain(normaliseAnswer('999'));
});
