// "Again" in every shipped language, in its script and in the Latin letters people type it in ("دوبارہ",
// "dobara", "eto", "znowu", "আবার", "abar"): with a case reference and what happened, a new incident for that
// case (report-asks.ts). The words are each language's `again` list in locales/<lng>/understanding.json.
import type { Translations } from '../conversation/i18n';
import { hasPhrase, wordsOf } from '../conversation/interpret/text';
import { createLexicons } from '../conversation/understanding';

export function createSaysAgain(i18n: Translations): (text: string) => boolean {
  const lexicons = createLexicons(i18n).forLocale('en', []).safetyLexicons;
  return (text) =>
    lexicons.some((lexicon) => {
      const words = wordsOf(text, lexicon.spelling).filter((w) => w !== '|');
      return lexicon.again.some((phrase) => hasPhrase(words, phrase));
    });
}
