// The first message of a conversation. It is kept as the start of the report unless it is only a greeting,
// and what it clearly says is offered back to be confirmed instead of asked again as if unsaid: the kind of
// problem, when it happened and where, and whether it sounds like a child or young person writing (their age is
// then asked). A time or place said about something else is left alone: "call me
// after 3pm" is a safe time to call, "I live at 14 Oak Road" is an address.
import type { DialogPolicy, OpeningHints } from '../../../dialogs/shared/contract';
import { guessCategories } from './category';
import type { Lexicon } from './lexicon';
import { matchAll } from './patterns';
import { CLAUSE, indexOfPhrase } from './text';

export interface OpeningReading {
  /** More than a greeting: kept as the start of the description. */
  substantive: boolean;
  hints: OpeningHints;
}

/** Words of clauses that are about contact or an address, blanked so their times and places are not used. */
function withoutAsides(words: readonly string[], lexicon: Lexicon): string[] {
  const out = [...words];
  for (const cue of [...lexicon.opening.contact, ...lexicon.opening.address]) {
    for (let at = indexOfPhrase(out, cue); at !== -1; at = indexOfPhrase(out, cue, at + 1)) {
      for (let i = at; i < out.length && out[i] !== CLAUSE; i += 1) out[i] = '_';
    }
  }
  return out;
}

function spans(words: readonly string[], lexicon: Lexicon): { start: number; end: number }[] {
  return lexicon.opening.when.flatMap((p) => matchAll(p, words));
}

function whenOf(words: readonly string[], lexicon: Lexicon): string | undefined {
  const [first] = spans(words, lexicon).sort((a, b) => a.start - b.start || b.end - a.end);
  return first ? words.slice(first.start, first.end).join(' ') : undefined;
}

function whereOf(words: readonly string[], lexicon: Lexicon): string | undefined {
  const times = spans(words, lexicon);
  const { prepositions, places } = lexicon.opening;
  for (let i = 0; i < words.length; i += 1) {
    const preposition = prepositions.find((p) => indexOfPhrase(words.slice(i), p) === 0);
    if (preposition === undefined) continue;
    const after = i + preposition.split(' ').length;
    const placeAt = [...Array(4).keys()].map((k) => after + k).find((k) => places.some((p) => indexOfPhrase(words.slice(k), p) === 0));
    if (placeAt === undefined || words.slice(after, placeAt).some((w) => w === CLAUSE || w === '_')) continue;
    let end = placeAt + 1;
    while (end < words.length && end < placeAt + 6 && words[end] !== CLAUSE && words[end] !== '_' && !times.some((t) => t.start === end) && !lexicon.safety.joiners.has(words[end]!) && !lexicon.safety.breaks.has(words[end]!)) end += 1;
    return words.slice(i, end).join(' ');
  }
  return undefined;
}

/** Words that sound like a child or young person's ("my mums boyfriend", "I'm 15", "my teacher"). */
export function soundsYoung(plain: readonly string[], lexicons: readonly Lexicon[]): boolean {
  return lexicons.some((l) => l.opening.young.some((p) => matchAll(p, plain).length > 0));
}

export function readOpening(words: readonly string[], lexicons: readonly Lexicon[], categories: DialogPolicy['categories']): OpeningReading {
  const plain = words.filter((w) => w !== CLAUSE);
  const substantive = plain.some((w) => !lexicons.some((l) => l.opening.fillers.has(w)));
  if (!substantive) return { substantive, hints: {} };
  const hints: OpeningHints = {};
  const guesses = guessCategories(plain, categories, lexicons);
  if (guesses.length > 0) hints.categories = guesses;
  if (soundsYoung(plain, lexicons)) hints.young = true;
  for (const lexicon of lexicons) {
    const kept = withoutAsides(words, lexicon);
    hints.when ??= whenOf(kept, lexicon);
    hints.where ??= whereOf(kept, lexicon);
  }
  return { substantive, hints };
}

