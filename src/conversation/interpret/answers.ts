// The answer to the question being asked: a number or several ("1 and 6", "1,6"), a choice's label or the
// words people use for it, a plain yes / no / don't know however it is spelt, a named person as "yes, I know
// who", "ok" or "maybe" where they are not clear (asked, never guessed), a count where a number is asked for
// ("Dash 17"), or the person's own words.
import type { Lexicon } from './lexicon';
import { ageBand, countIn, numbersIn } from './numbers';
import { hasPhrase, indexOfPhrase } from './text';

/** What a question expects, beyond its choices (from the state's `meta.prompt.expects`). */
export type Expects = 'danger' | 'safety' | 'someone' | 'child' | 'adultAtRisk' | 'category' | 'age' | 'count';

export interface ChoiceView {
  id: string;
  /** i18n key of the label (also the key of the choice's words in understanding.json). */
  key: string;
  /** The label as shown, in the session's language and in English. */
  labels: string[];
  /** Extra words from the policy pack (category synonyms). */
  synonyms?: string[];
  /** Never shown or numbered: picked only by its exact words ("all" at the SMS review). */
  hidden?: boolean;
}

export interface QuestionView {
  /** The question's id (its state), e.g. "askingDanger". */
  id: string;
  choices: ChoiceView[];
  /** Words of the person's own are welcome here. */
  freeText: boolean;
  /** Several choices may be picked at once; numbers keep their meaning for the whole question. */
  several: boolean;
  expects?: Expects;
}

export type AnswerReading =
  /** One or more offered choices; `detail` is what came with it ("yes, my husband"). */
  | { kind: 'choice'; ids: string[]; detail?: string }
  /** The person's own words, where words are welcome. */
  | { kind: 'text' }
  /** How many, where a number is asked for (`expects: 'count'`): "17", "Dash 17", "17/24", "seventeen". */
  | { kind: 'count'; value: number }
  /**
   * Not clear enough to take: ask once more, never guess. `unsure`: "ok" or "maybe" to "are you in danger?";
   * `oneOnly`: several picks where one is asked ("1 and 3"); `noSuchOption`: a lone number no option has, where
   * words are also welcome.
   */
  | { kind: 'clarify'; reason: 'unsure' | 'oneOnly' | 'noSuchOption' }
  /** Not an answer to this question. */
  | { kind: 'unclear' };

/** Answers that are the plain yes / no / don't know family (not picked by a word inside a sentence). */
const PLAIN = new Set(['yes', 'no', 'dont_know', 'done', 'skip', 'carryOn', 'none', 'stop', 'send', 'anytime', 'tryAgain']);

/** Every phrase that picks this choice, in the form messages are read in. */
function phrasesFor(choice: ChoiceView, question: QuestionView, lexicons: readonly Lexicon[]): { own: Set<string>; general: Set<string> } {
  const own = new Set<string>();
  const general = new Set<string>();
  for (const lexicon of lexicons) {
    lexicon.choiceWords(choice.key)?.forEach((w) => own.add(w));
    lexicon.choiceWords(`${question.id}.${choice.id}`)?.forEach((w) => own.add(w));
    lexicon.answers.get(choice.id)?.forEach((w) => general.add(w));
    for (const label of choice.labels) own.add(lexicon.phrase(label));
    for (const synonym of choice.synonyms ?? []) own.add(lexicon.phrase(synonym));
    own.add(lexicon.phrase(choice.id));
  }
  own.delete('');
  general.delete('');
  return { own, general };
}

function exactly(said: string, question: QuestionView, lexicons: readonly Lexicon[]): string[] {
  const table = question.choices.map((c) => ({ id: c.id, ...phrasesFor(c, question, lexicons) }));
  const own = table.filter((c) => c.own.has(said)).map((c) => c.id);
  if (own.length > 0) return own;
  return table.filter((c) => c.general.has(said)).map((c) => c.id);
}

/** The longest answer phrase the message starts with ("no idea" before "no"), for yes / no questions. */
function leadingAnswer(words: readonly string[], question: QuestionView, lexicons: readonly Lexicon[]): string | undefined {
  const families: [string, string][] = [];
  for (const lexicon of lexicons) {
    for (const id of ['yes', 'no', 'dont_know', 'maybe', 'ok']) lexicon.answers.get(id)?.forEach((p) => families.push([id, p]));
    for (const id of ['yes', 'no', 'dont_know']) lexicon.choiceWords(`${question.id}.${id}`)?.forEach((p) => families.push([id, p]));
  }
  let best: { id: string; length: number } | undefined;
  const wholeOnly = (phrase: string) => lexicons.some((l) => l.wholeOnly.has(phrase));
  for (const [id, phrase] of families) {
    const parts = phrase.split(' ');
    if (parts.length > words.length || indexOfPhrase(words.slice(0, parts.length), phrase) !== 0) continue;
    if (parts.length < words.length && wholeOnly(phrase)) continue;
    if (!best || parts.length > best.length) best = { id, length: parts.length };
  }
  return best?.id;
}

function plainAnswer(family: string, question: QuestionView): AnswerReading {
  const offered = (id: string) => question.choices.some((c) => c.id === id);
  const careful = question.expects === 'danger' || question.expects === 'safety';
  if (family === 'ok') return careful ? { kind: 'clarify', reason: 'unsure' } : offered('yes') ? { kind: 'choice', ids: ['yes'] } : { kind: 'clarify', reason: 'unsure' };
  if (family === 'maybe') return offered('dont_know') && question.expects !== 'danger' ? { kind: 'choice', ids: ['dont_know'] } : { kind: 'clarify', reason: 'unsure' };
  if (family === 'dont_know') return offered('dont_know') ? { kind: 'choice', ids: ['dont_know'] } : { kind: 'clarify', reason: 'unsure' };
  return offered(family) ? { kind: 'choice', ids: [family] } : { kind: 'unclear' };
}

/** Choices named by a word of their label that no other choice's label has ("money" → "Control of money"). */
function byLabelWords(words: readonly string[], question: QuestionView, lexicons: readonly Lexicon[]): string[] {
  const stop = new Set(lexicons.flatMap((l) => [...l.labelStopWords]));
  const owners = new Map<string, Set<string>>();
  for (const choice of question.choices) {
    for (const lexicon of lexicons) {
      for (const label of choice.labels) {
        for (const word of lexicon.phrase(label).split(' ')) {
          if (word.length < 4 || stop.has(word)) continue;
          if (!owners.has(word)) owners.set(word, new Set());
          owners.get(word)!.add(choice.id);
        }
      }
    }
  }
  const picked: string[] = [];
  for (const word of words) {
    const owner = owners.get(word);
    if (owner?.size === 1) {
      const [id] = owner;
      if (id !== undefined && !picked.includes(id)) picked.push(id);
    }
  }
  return picked;
}

/**
 * Choices whose words appear inside a short message ("it's for my friend" → someone I know). Where several do, one
 * named by at least two more words than any other is the one meant ("I saw it happen to someone else" is a witness,
 * not someone reporting for another); otherwise all of them, to ask which.
 */
function byContainedWords(words: readonly string[], question: QuestionView, lexicons: readonly Lexicon[]): string[] {
  const found = question.choices
    .filter((c) => !PLAIN.has(c.id))
    .map((c) => ({ id: c.id, length: Math.max(0, ...[...phrasesFor(c, question, lexicons).own].filter((p) => hasPhrase(words, p)).map((p) => p.split(' ').length)) }))
    .filter((c) => c.length > 0);
  const [longest, next] = [...found].sort((a, b) => b.length - a.length);
  if (!question.several && longest && next && longest.length >= next.length + 2) return [longest.id];
  return found.map((c) => c.id);
}

/** The answer names the kind of person asked about ("my husband", "my 2 girls", "my dad, he has dementia"). */
function names(who: 'someone' | 'child' | 'adultAtRisk', words: readonly string[], original: string, lexicons: readonly Lexicon[]): boolean {
  if (who === 'someone' && /(^|\s)\p{Lu}\p{Ll}+/u.test(original.replace(/^\s*\p{L}/u, ''))) return true; // a name ("Sarah at flat 4")
  return lexicons.some((l) => [...(l.answers.get(who) ?? [])].some((p) => hasPhrase(words, p)));
}

/** Reads an answer to `question` from the message's words (spelt out, no clause marks). */
export function readAnswer(typed: readonly string[], original: string, asked: QuestionView, lexicons: readonly Lexicon[]): AnswerReading {
  // A hidden choice answers only to its exact words: it has no number, and no word of it picks it inside a sentence.
  const question = asked.choices.some((c) => c.hidden) ? { ...asked, choices: asked.choices.filter((c) => !c.hidden) } : asked;
  // "err maybe", "um yes": hesitations are not part of the answer.
  let start = 0;
  while (start < typed.length - 1 && lexicons.some((l) => l.hesitations.has(typed[start]!))) start += 1;
  const words = typed.slice(start);
  const said = words.join(' ');
  const offered = (id: string) => question.choices.some((c) => c.id === id);
  if (said === '') return question.freeText ? { kind: 'text' } : { kind: 'unclear' };

  if (question.expects === 'age') {
    // "Under 16" and "16 or 17" are the options' own words before they are numbers.
    const named = exactly(said, question, lexicons);
    const age = named.length === 1 ? named[0] : ageBand(words, question.choices);
    if (age !== undefined) return { kind: 'choice', ids: [age] };
  }

  if (question.expects === 'count') {
    // A number here is the count, never an option's number: the options (no, don't know) are picked by their words.
    // An option's own words first: "not done one" is no, not the count 1.
    const named = exactly(said, asked, lexicons);
    if (named.length === 1) return { kind: 'choice', ids: named };
    const count = countIn(words, lexicons);
    if (count !== undefined) return { kind: 'count', value: count };
    const family = leadingAnswer(words, asked, lexicons);
    if (family !== undefined) return plainAnswer(family, asked);
  }

  const numbers = question.choices.length > 0 ? numbersIn(words, lexicons) : undefined;
  if (numbers) {
    const ids = numbers.map((n) => question.choices[n - 1]?.id);
    if (ids.some((id) => id === undefined)) {
      // A lone digit that is no option's number ("2" where only "1. I have none" is offered) is a slip, not their
      // own words: they are told so and asked again, and it is never kept as the answer.
      if (question.freeText && words.length === 1 && /^\d$/.test(words[0]!)) return { kind: 'clarify', reason: 'noSuchOption' };
      return question.freeText ? { kind: 'text' } : { kind: 'unclear' };
    }
    const picks = ids as string[];
    if (picks.length === 1) return { kind: 'choice', ids: picks };
    const withoutDone = picks.filter((id) => id !== 'done');
    return question.several ? { kind: 'choice', ids: withoutDone } : { kind: 'clarify', reason: 'oneOnly' };
  }

  const exact = exactly(said, asked, lexicons);
  if (exact.length === 1) return { kind: 'choice', ids: exact };
  if (exact.length > 1) return { kind: 'clarify', reason: 'unsure' };

  if (offered('yes') || offered('no')) {
    const family = leadingAnswer(words, question, lexicons);
    if (family !== undefined) {
      const reading = plainAnswer(family, question);
      return reading.kind === 'choice' && words.length > 1 ? { ...reading, detail: original.trim() } : reading;
    }
    // "still happening yes": a plain yes or no at the end of a short answer.
    const lastWord = words[words.length - 1]!;
    const trailing = ['yes', 'no'].find((id) => lexicons.some((l) => l.answers.get(id)?.has(lastWord)) && offered(id));
    if (trailing !== undefined && words.length <= 5 && lastWord.length > 1) return { kind: 'choice', ids: [trailing], detail: original.trim() };
    const who = question.expects;
    if ((who === 'someone' || who === 'child' || who === 'adultAtRisk') && names(who, words, original, lexicons)) return { kind: 'choice', ids: ['yes'], detail: original.trim() };
  }

  if (offered('carryOn')) {
    const starts = lexicons.some((l) => [...(l.answers.get('carryOn') ?? [])].some((p) => indexOfPhrase(words, p) === 0));
    const cue = lexicons.some((l) => l.carryOnCues.some((p) => hasPhrase(words, p)));
    if (starts || cue) return { kind: 'choice', ids: ['carryOn'] };
  }

  if (question.freeText) return { kind: 'text' };

  if (question.several || question.choices.length >= 5) {
    const picks = byLabelWords(words, question, lexicons);
    if (picks.length === 1 || (picks.length > 1 && question.several)) return { kind: 'choice', ids: picks };
    if (picks.length > 1) return { kind: 'clarify', reason: 'oneOnly' };
  }
  if (words.length <= 8) {
    const contained = byContainedWords(words, question, lexicons);
    if (contained.length === 1 || (contained.length > 1 && question.several)) return { kind: 'choice', ids: contained };
    if (contained.length > 1) return { kind: 'clarify', reason: 'unsure' };
  }
  return { kind: 'unclear' };
}
