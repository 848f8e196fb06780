// Numbers in what people type: an option's number or several ("2", "number 2", "the first one", "1 and 6"), an
// age ("I'm 16"), and how many ("Dash 17", "17/24", "seventeen", "dash17").
import type { Lexicon } from './lexicon';

function numberOf(word: string, lexicons: readonly Lexicon[]): number | 'filler' | undefined {
  if (/^\d{1,3}$/.test(word)) return Number(word);
  for (const lexicon of lexicons) {
    const n = lexicon.numbers.get(word);
    if (n !== undefined) return n;
    if (lexicon.numberWords.has(word) || lexicon.listJoiners.has(word)) return 'filler';
  }
  return undefined;
}

/** "2", "number 2", "the first one", "1 and 6", "1 6": the numbers, or undefined when there is more. */
export function numbersIn(words: readonly string[], lexicons: readonly Lexicon[]): number[] | undefined {
  const numbers: number[] = [];
  for (const word of words) {
    const n = numberOf(word, lexicons);
    if (n === undefined) return undefined;
    if (n !== 'filler' && !numbers.includes(n)) numbers.push(n);
  }
  return numbers.length > 0 ? numbers : undefined;
}

/**
 * "15", "I'm 16", "17 years old" to "how old are you?": the band of that age. A lone number that is one of the
 * options ("2") is the option, and "year 10" is a school year, not an age.
 */
export function ageBand(words: readonly string[], choices: readonly { id: string }[]): string | undefined {
  const ages = words.filter((w) => /^\d{1,3}$/.test(w)).map(Number);
  if (ages.length !== 1 || words.some((w) => ['year', 'under', 'over', 'below', 'above', 'nearly', 'almost', 'or'].includes(w))) return undefined;
  const n = ages[0]!;
  if ((words.length === 1 && n <= choices.length) || n < 5 || n > 120) return undefined;
  const band = n < 16 ? 'under16' : n < 18 ? '16to17' : 'adult';
  return choices.some((c) => c.id === band) ? band : undefined;
}

/**
 * The number a "how many?" answer says: the first one ("17/24" and "17 out of 24" are 17), in digits, in a word the
 * lists know ("seventeen"), tens and a unit ("twenty one"), or stuck to a word ("dash17").
 */
export function countIn(words: readonly string[], lexicons: readonly Lexicon[]): number | undefined {
  const valueOf = (word: string | undefined): number | undefined => {
    if (word === undefined) return undefined;
    const n = numberOf(word, lexicons);
    if (typeof n === 'number') return n;
    const stuck = /^\p{L}+(\d{1,3})$/u.exec(word);
    return stuck ? Number(stuck[1]) : undefined;
  };
  for (const [i, word] of words.entries()) {
    const n = valueOf(word);
    if (n === undefined) continue;
    const unit = valueOf(words[i + 1]);
    return n >= 20 && n % 10 === 0 && unit !== undefined && unit > 0 && unit < 10 ? n + unit : n;
  }
  return undefined;
}
