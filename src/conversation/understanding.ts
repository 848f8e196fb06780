// The word lists of every shipped language (locales/<lng>/understanding.json), compiled once, and which of
// them read a message: answers in the session's language and English, danger and self-harm in every language
// (a frightened person may write in their own language whatever the conversation's language is).
import type { TFunction } from 'i18next';
import type { DialogPolicy, PromptMeta, PromptSpec } from '../../dialogs/shared/contract';
import type { Translations } from './i18n';
import type { QuestionView } from './interpret/answers';
import { compileLexicon, type Lexicon } from './interpret/lexicon';
import { hasPhrase, phraseOf, wordsOf } from './interpret/text';
import type { Understanding } from './interpret/interpret';
import { shippedSecondOpinion, type SecondOpinion } from './interpret/second-opinion';

export const UNDERSTANDING_NAMESPACE = 'understanding';

export interface Lexicons {
  /** What reads a message in a conversation held in this language. */
  forLocale(locale: string, categories: DialogPolicy['categories']): Understanding;
  /** The offered language a whole message names ("Cymraeg", "polish", "اردو"), if it names one. */
  languageNamed(text: string): string | undefined;
  /**
   * The offered language a first message is clearly written in, if any (greetings and common words), and a
   * language to offer besides: Punjabi written in Shahmukhi opens in Urdu, its script, and offers Punjabi.
   */
  languageOf(text: string): { language: string; offer?: string } | undefined;
}

/** Points a message needs, and its lead over the next language, to be taken as written in a language. */
const IDENTIFY_POINTS = 2;

export interface LexiconOptions {
  /** The trained second opinion under the lists (default: the shipped model); null: the lists alone. */
  secondOpinion?: SecondOpinion | null;
}

export function createLexicons(i18n: Translations, options: LexiconOptions = {}): Lexicons {
  const secondOpinion = options.secondOpinion === undefined ? shippedSecondOpinion() : (options.secondOpinion ?? undefined);
  const opinion = secondOpinion ? { secondOpinion } : {};
  const compiled = new Map<string, Lexicon>();
  for (const language of i18n.shipped) {
    const raw = i18n.resource(language, UNDERSTANDING_NAMESPACE);
    if (raw !== undefined) compiled.set(language, compileLexicon(language, raw));
  }
  const english = compiled.get('en');
  if (!english) throw new Error(`locales/en/${UNDERSTANDING_NAMESPACE}.json is missing: nothing could be understood`);
  const every = [english, ...[...compiled.values()].filter((l) => l !== english)];
  const offered = every.filter((l) => i18n.languages.includes(l.language));
  return {
    forLocale(locale, categories) {
      const own = compiled.get(i18n.resolveLocale(locale));
      return { answerLexicons: own && own !== english ? [own, english] : [english], safetyLexicons: every, categories, ...opinion };
    },
    languageNamed(text) {
      const said = phraseOf(text, { spellings: new Map() });
      return said ? offered.find((l) => l.identify.names.has(said))?.language : undefined;
    },
    languageOf(text) {
      const points = new Map<string, number>();
      const add = (language: string, n: number) => points.set(language, (points.get(language) ?? 0) + n);
      let offer: { language: string; readIn: string; points: number } | undefined;
      for (const l of offered) {
        const words = wordsOf(text, l.spelling);
        const greeted = l.identify.greetings.some((g) => hasPhrase(words, g)) ? IDENTIFY_POINTS : 0;
        add(l.language, greeted + new Set(words.filter((w) => l.identify.words.has(w))).size);
        const other = l.identify.otherScript;
        const inOther = other ? new Set(words.filter((w) => other.words.has(w))).size : 0;
        if (other && inOther > 0 && i18n.languages.includes(other.readIn)) {
          add(other.readIn, inOther);
          if (inOther >= IDENTIFY_POINTS) offer = { language: l.language, readIn: other.readIn, points: inOther };
        }
      }
      // Letters only one language of a shared script uses, and none of another's: "السلام عليكم" is Arabic.
      const uses = (letters: string) => letters !== '' && [...letters].some((c) => text.includes(c));
      const lettered = offered.filter((l) => uses(l.identify.letters));
      if (lettered.length === 1) add(lettered[0]!.language, IDENTIFY_POINTS);
      const [best, next] = [...points].map(([language, n]) => ({ language, points: n })).sort((a, b) => b.points - a.points);
      if (!best || best.points < IDENTIFY_POINTS || best.points < (next?.points ?? 0) + IDENTIFY_POINTS) return undefined;
      return offer?.readIn === best.language ? { language: best.language, offer: offer.language } : { language: best.language };
    },
  };
}

/** "intake:askingDanger.prompt" (or a witness's "….promptOther") → "askingDanger": the question's name in the word lists. */
export function questionId(promptKey: string): string {
  return promptKey.replace(/^[\w-]+:/, '').replace(/\.prompt(Other)?$/, '');
}

/** The question as interpretation sees it: its choices with their labels in each of the given languages. */
export function questionView(spec: PromptSpec, meta: Pick<PromptMeta, 'freeText' | 'several' | 'expects'>, ts: readonly TFunction[]): QuestionView {
  return {
    id: questionId(spec.key),
    choices: (spec.choices ?? []).map((c) => ({
      id: c.id,
      key: c.key,
      labels: [...new Set(ts.map((t) => String(t(c.key, c.params ?? {}))))],
      ...(c.synonyms ? { synonyms: c.synonyms } : {}),
      ...(c.hidden ? { hidden: true } : {}),
    })),
    freeText: meta.freeText === true,
    several: meta.several === true,
    ...(meta.expects ? { expects: meta.expects } : {}),
  };
}
