// Turns what someone typed into words the rest of interpretation can compare: lower case, no accents,
// contractions and text-speak spelt out ("hes" → "he is", "gonna" → "going to"), a typo in a word that
// matters corrected ("dnager" → "danger"), and the places where a sentence or clause ends marked.

/** Marks the end of a sentence or clause (full stop, comma, new line...) among the words. */
export const CLAUSE = '|';

export interface Spelling {
  /** One typed word → the words it stands for (may be none: "lol"). */
  spellings: ReadonlyMap<string, readonly string[]>;
  /** Every word the lexicon knows, for "hurtin" → "hurting". */
  vocabulary: ReadonlySet<string>;
  /** Words worth correcting a one-letter slip into. */
  typoTargets: readonly string[];
  /** Real words that look like a slip of a target ("policy", "sitting"): never corrected. */
  notTypos: ReadonlySet<string>;
}

/** Subjects whose "'s" is "is" ("he's" → "he is"); after anything else it is a possessive ("mum's"). */
const IS_SUBJECTS = new Set(['he', 'she', 'it', 'that', 'there', 'what', 'who', 'someone', 'somebody', 'everyone', 'everybody', 'nobody', 'here', 'where', 'how', 'this']);
/** After these, "'s" is "has" ("he's been", "someone's got"). */
const HAS_AFTER = new Set(['been', 'got', 'gone', 'done', 'had', 'taken', 'left', 'broken', 'found', 'followed', 'locked', 'set', 'just', 'already', 'never', 'hit', 'hurt', 'stabbed', 'attacked', 'threatened']);

function expandContractions(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02BC`´]/g, "'")
    .replace(/\b(won)'t\b/g, 'will not')
    .replace(/\b(can)'t\b/g, 'can not')
    .replace(/\b(shan)'t\b/g, 'shall not')
    .replace(/n't\b/g, ' not')
    .replace(/'m\b/g, ' am')
    .replace(/'re\b/g, ' are')
    .replace(/'ve\b/g, ' have')
    .replace(/'ll\b/g, ' will')
    .replace(/'d\b/g, ' would')
    .replace(/\b(\p{L}+)'s(\s+(\p{L}+))?/gu, (_all, word: string, rest: string | undefined, next: string | undefined) => {
      const tail = rest ?? '';
      if (!IS_SUBJECTS.has(word)) return `${word}s${tail}`;
      return `${word} ${next !== undefined && HAS_AFTER.has(next) ? 'has' : 'is'}${tail}`;
    })
    .replace(/'/g, '');
}

/** Damerau–Levenshtein distance, stopping early above 1 (only "one slip" matters here). */
function withinOneSlip(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  const restA = a.slice(i);
  const restB = b.slice(i);
  if (restA.slice(1) === restB.slice(1)) return true; // substitution
  if (restA.slice(1) === restB || restA === restB.slice(1)) return true; // deletion or insertion
  return restA.length >= 2 && restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2); // swap
}

function correct(word: string, spelling: Spelling): string[] {
  const spelt = spelling.spellings.get(word);
  if (spelt !== undefined) return [...spelt];
  if (spelling.vocabulary.has(word) || spelling.notTypos.has(word) || /\d/.test(word)) return [word];
  // "hurtin", "tryin", "comin": the -ing word people shorten.
  if (word.endsWith('in') && spelling.vocabulary.has(`${word}g`)) return [`${word}g`];
  if (word.length >= 4) {
    const target = spelling.typoTargets.find((t) => t.length >= 4 && withinOneSlip(word, t));
    if (target !== undefined) return [target];
  }
  return [word];
}

/** Urdu letters after which, inside a word, a heh is the aspirating ھ (بھی, کھانا, تھا) rather than ہ. */
const ASPIRATED = 'بپتٹجچدڈرڑکگلمن';

/** The zero of each script's digits: Arabic-Indic, Extended (Urdu, Persian), Devanagari, Bengali, Gurmukhi. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x0a66];

/**
 * Lower case, without Latin accents, Arabic vowel marks, tatweel or zero-width joiners (people rarely type
 * them, and "نَعَم" is "نعم"). The vowel signs of Gurmukhi, Bengali and other Indic scripts are marks too but
 * part of the word ("ਹਾਂ" is not "ਹ"), so they stay; the marks people often leave out or swap are folded:
 * the nukta ("ਖ਼ਤਰਾ" typed "ਖਤਰਾ"), Gurmukhi addak and tippi ("ਹੱਥ" typed "ਹਥ"), Bengali chandrabindu
 * ("হ্যাঁ" typed "হ্যা"). Digits in any of these scripts read as 0-9. An Arabic keyboard's letters read as Urdu's:
 * ي and ى as ی, ك as ک, and ه as ہ, or as ھ inside a word after a letter Urdu aspirates; Urdu's own ہ and ھ are
 * read the same way, so "نهيں" is "نہیں" and "ھے" (a ھ no word starts with) is "ہے". Arabic is read through the
 * same folding, lists and messages alike, so it loses nothing.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u093c\u09bc\u0a3c\u0abc\u0a71\u0981]/g, '')
    .replace(/\u0640|\u200c|\u200d/g, '')
    .replace(/[\u064a\u0649]/g, '\u06cc')
    .replace(/\u0643/g, '\u06a9')
    .replace(/[\u0647\u06c1\u06be]/g, (_h, at: number, all: string) => (at > 0 && ASPIRATED.includes(all[at - 1]!) && /\p{L}/u.test(all[at + 1] ?? '') ? '\u06be' : '\u06c1'))
    .replace(/\u0a70/g, '\u0a02')
    // Digits as a phone's keyboard in the script types them ("۱۳" is 13, "০" is 0).
    .replace(/[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\u09e6-\u09ef\u0a66-\u0a6f]/g, (d) => String(d.charCodeAt(0) - DIGIT_ZEROS.find((z) => d.charCodeAt(0) - z < 10 && d.charCodeAt(0) >= z)!))
    .toLowerCase()
    // Polish ł has no accent to take off: people without a Polish keyboard type l.
    .replace(/ł/g, 'l');
}

/** Lower case, no accents, no punctuation except the clause marks: the form every list is written in. */
export function plainWords(text: string): string[] {
  return expandContractions(foldText(text))
    .replace(/[.!?;,:\n\r\u061f\u060c\u061b\u06d4\u0964\u0965]+/g, ` ${CLAUSE} `)
    .replace(/[^\p{L}\p{M}\p{N}|]+/gu, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

/** The words of a message as the lexicon reads them: spelt out, slips corrected, clause marks kept. */
export function wordsOf(text: string, spelling: Spelling): string[] {
  const out: string[] = [];
  for (const word of plainWords(text)) {
    if (word === CLAUSE) {
      if (out.length > 0 && out[out.length - 1] !== CLAUSE) out.push(CLAUSE);
      continue;
    }
    out.push(...correct(word, spelling));
  }
  while (out[out.length - 1] === CLAUSE) out.pop();
  return out;
}

/**
 * Another language's spelling, as it reads a message beside the conversation's own: a word the conversation's
 * language knows stays as written, neither spelt out nor taken for a slip. Polish "od" (from) is not English
 * "OD", nor Polish "u" (at) English "u": the conversation's own lists read those words.
 */
export function spellingBeside(foreign: Spelling, own: Spelling): Spelling {
  return {
    spellings: new Map([...foreign.spellings].filter(([typed]) => !own.vocabulary.has(typed))),
    vocabulary: foreign.vocabulary,
    typoTargets: foreign.typoTargets,
    notTypos: new Set([...foreign.notTypos, ...own.vocabulary]),
  };
}

/** A list entry (a word or a phrase) in the same form, without typo correction. */
export function phraseOf(text: string, spelling: Pick<Spelling, 'spellings'>): string {
  return plainWords(text)
    .filter((w) => w !== CLAUSE)
    .flatMap((w) => spelling.spellings.get(w) ?? [w])
    .join(' ');
}

/** Whether `phrase` (space-separated words) occurs in `words` as whole words. */
export function hasPhrase(words: readonly string[], phrase: string): boolean {
  return indexOfPhrase(words, phrase) !== -1;
}

export function indexOfPhrase(words: readonly string[], phrase: string, from = 0): number {
  const parts = phrase.split(' ');
  if (parts.length === 0 || parts[0] === '') return -1;
  outer: for (let i = from; i <= words.length - parts.length; i += 1) {
    for (let j = 0; j < parts.length; j += 1) if (words[i + j] !== parts[j]) continue outer;
    return i;
  }
  return -1;
}
