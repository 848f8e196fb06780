// Whether a message must go to the conversation whatever else it says: danger now, self-harm, or a word that
// works everywhere (exit, person, help) in any shipped language, read by the same word lists as every turn.
import type { Translations } from '../conversation/i18n';
import { readSafety } from '../conversation/interpret/safety';
import { wordsOf } from '../conversation/interpret/text';
import { createLexicons } from '../conversation/understanding';

export function createSafetyFirst(i18n: Translations): (text: string) => boolean {
  const lexicons = createLexicons(i18n).forLocale('en', []).safetyLexicons;
  return (text) =>
    lexicons.some((lexicon) => {
      const words = wordsOf(text, lexicon.spelling);
      const safety = readSafety(words, lexicon);
      if (safety.danger || safety.selfHarm) return true;
      const said = ` ${words.join(' ')} `;
      return (['exit', 'danger', 'person', 'help'] as const).some((c) => [...(lexicon.commands.get(c) ?? [])].some((w) => said.includes(` ${w} `)));
    });
}
