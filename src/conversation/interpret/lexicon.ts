// A language's word lists (locales/<lng>/understanding.json) checked and compiled once: phrases in the form
// messages are read in, patterns turned into matchers. A language that ships no file, or only part of one,
// is understood through the languages that do (English always ships).
import { z } from 'zod';
import { compilePattern, type Compiled, type PatternContext } from './patterns';
import { phraseOf, plainWords, type Spelling } from './text';

const words = z.array(z.string());
const weighted = z.record(z.string().regex(/^\d+$/), words);

/** The shape of understanding.json. Every part is optional so a language can start small. */
export const lexiconSchema = z.object({
  spellings: z.record(z.string(), z.string()).default({}),
  typoTargets: words.default([]),
  notTypos: words.default([]),
  numbers: z.record(z.string(), z.number().int().min(0)).default({}),
  numberWords: words.default([]),
  listJoiners: words.default([]),
  fillers: words.default([]),
  hesitations: words.default([]),
  wholeOnly: words.default([]),
  /**
   * How to tell this language: `names` are what people call it, in English and in itself ("welsh", "cymraeg"),
   * a whole message that switches to it; `greetings` and `words` are common in it and rare elsewhere, read in
   * a conversation's first message. `otherScript`: its words as written in a script its own strings are not in,
   * by people who read `readIn` better (Punjabi in Shahmukhi, by people who read Urdu): such a first message
   * opens in `readIn`, and this language is offered. `letters`: letters only this language's writing uses among
   * languages sharing its script (Arabic's ي ك ى ة, Urdu's ی ک ہ ے ٹ): read before folding, they tell Arabic
   * from Urdu where the folded words (the same greeting) cannot.
   */
  identify: z
    .object({ names: words.default([]), greetings: words.default([]), words: words.default([]), letters: z.string().default(''), otherScript: z.object({ readIn: z.string(), words }).optional() })
    .prefault({}),
  /** Words for "again" with a case reference: a new incident to add to the case (follow-up/report-asks.ts). */
  again: words.default([]),
  /** Asking to speak to the officer or someone, or to be rung: a request, not a comment (follow-up/reads-as-new.ts). */
  asksToTalk: words.default([]),
  commands: z.partialRecord(z.enum(['exit', 'danger', 'person', 'help', 'back', 'skip', 'language']), words).default({}),
  answers: z.record(z.string(), words).default({}),
  carryOnCues: words.default([]),
  labelStopWords: words.default([]),
  choices: z.record(z.string(), z.record(z.string(), words)).default({}),
  safety: z
    .object({
      classes: z.record(z.string(), words).default({}),
      danger: words.default([]),
      dangerTogether: z.array(z.array(z.string()).min(2)).default([]),
      notDanger: words.default([]),
      selfHarm: words.default([]),
      notSelfHarm: words.default([]),
      selfHarmTogether: z.array(z.array(z.string()).min(2)).default([]),
      askDanger: words.default([]),
      askSelfHarm: words.default([]),
      negations: words.default([]),
      scopedNegations: words.default([]),
      uncertain: words.default([]),
      conditionals: words.default([]),
      pastAuxiliaries: words.default([]),
      past: words.default([]),
      breaks: words.default([]),
      joiners: words.default([]),
      habitual: words.default([]),
      present: words.default([]),
      subjects: words.default([]),
      thirdParty: words.default([]),
      firstPerson: words.default([]),
    })
    .prefault({}),
  categories: z
    .object({
      cues: z.partialRecord(z.enum(['asb', 'hate_crime', 'harassment', 'domestic_abuse']), weighted).default({}),
      weak: words.default([]),
      masks: words.default([]),
    })
    .prefault({}),
  opening: z
    .object({
      fillers: words.default([]),
      contact: words.default([]),
      address: words.default([]),
      when: words.default([]),
      young: words.default([]),
      where: z.object({ prepositions: words.default([]), places: words.default([]) }).prefault({}),
    })
    .prefault({}),
});
export type LexiconSource = z.input<typeof lexiconSchema>;

export type Command = 'exit' | 'danger' | 'person' | 'help' | 'back' | 'skip' | 'language';
export type CategoryKind = 'asb' | 'hate_crime' | 'harassment' | 'domestic_abuse';

export interface Lexicon {
  language: string;
  spelling: Spelling;
  /** A list entry in the form messages are read in. */
  phrase(text: string): string;
  numbers: ReadonlyMap<string, number>;
  numberWords: ReadonlySet<string>;
  listJoiners: ReadonlySet<string>;
  fillers: readonly string[];
  /** "err", "um": set aside before an answer is read. */
  hesitations: ReadonlySet<string>;
  /** Answers that count only as the whole message ("it is", "he is"): at the start of a sentence they say nothing. */
  wholeOnly: ReadonlySet<string>;
  commands: ReadonlyMap<Command, ReadonlySet<string>>;
  identify: { names: ReadonlySet<string>; greetings: readonly string[]; words: ReadonlySet<string>; letters: string; otherScript?: { readIn: string; words: ReadonlySet<string> } };
  again: readonly string[];
  asksToTalk: readonly string[];
  /** Words for an answer, by choice id ("yes", "done", "carryOn"...). */
  answers: ReadonlyMap<string, ReadonlySet<string>>;
  carryOnCues: readonly string[];
  /** Words of choice labels too common to pick a choice by ("called" in "So-called honour-based abuse"). */
  labelStopWords: ReadonlySet<string>;
  /** Words for one question's choice, by the choice's label key ("intake:askingRole.victim"). */
  choiceWords(labelKey: string): ReadonlySet<string> | undefined;
  safety: {
    danger: Compiled[];
    /** Danger only when every pattern of a group matches somewhere in the message. */
    dangerTogether: Compiled[][];
    notDanger: Compiled[];
    selfHarm: Compiled[];
    notSelfHarm: Compiled[];
    /** Self-harm only when every pattern of a group matches somewhere in the message. */
    selfHarmTogether: Compiled[][];
    /** Shapes of danger now (a person at the home, fear of someone, harm said in the present) that no pattern matched: asked about, never alarmed. */
    askDanger: Compiled[];
    /** Shapes of hopelessness or self-harm that no pattern matched: asked about gently. */
    askSelfHarm: Compiled[];
    negations: ReadonlySet<string>;
    scopedNegations: readonly string[];
    uncertain: readonly string[];
    conditionals: ReadonlySet<string>;
    pastAuxiliaries: ReadonlySet<string>;
    past: readonly string[];
    breaks: ReadonlySet<string>;
    /** "and", "so": they start a new clause when a subject follows. */
    joiners: ReadonlySet<string>;
    habitual: readonly string[];
    /** "right now": what is said is happening now, even with a habit word ("they keep trying to get in right now"). */
    present: readonly string[];
    subjects: ReadonlySet<string>;
    thirdParty: readonly string[];
    firstPerson: readonly string[];
  };
  categories: { cues: ReadonlyMap<CategoryKind, { phrase: string; weight: number }[]>; weak: ReadonlySet<string>; masks: readonly string[] };
  opening: {
    fillers: ReadonlySet<string>;
    contact: readonly string[];
    address: readonly string[];
    when: Compiled[];
    /** Words that sound like a child or young person's ("my mums boyfriend", "I'm 15", "my teacher"). */
    young: Compiled[];
    prepositions: readonly string[];
    places: readonly string[];
  };
}

/** Every word written anywhere in the lists (for "hurtin" → "hurting"). */
function vocabularyOf(source: unknown, into: Set<string>): void {
  if (typeof source === 'string') {
    for (const w of plainWords(source.replace(/[{}()~^$?|]/g, ' '))) if (/^\p{L}[\p{L}\p{M}]*$/u.test(w)) into.add(w);
  } else if (Array.isArray(source)) source.forEach((s) => vocabularyOf(s, into));
  else if (source !== null && typeof source === 'object') {
    for (const [key, value] of Object.entries(source)) {
      if (key === 'spellings' || key === '_readme' || key === 'notTypos') continue;
      vocabularyOf(value, into);
    }
  }
}

export function compileLexicon(language: string, raw: unknown): Lexicon {
  const source = lexiconSchema.parse(raw ?? {});
  const spellings = new Map(Object.entries(source.spellings).map(([typed, meant]) => [typed, meant.split(' ').filter((w) => w.length > 0)]));
  const phrase = (text: string) => phraseOf(text, { spellings });
  const set = (list: readonly string[]) => new Set(list.map(phrase).filter((w) => w.length > 0));
  const list = (entries: readonly string[]) => [...set(entries)];
  const vocabulary = new Set<string>();
  vocabularyOf(raw, vocabulary);
  for (const meant of spellings.values()) meant.forEach((w) => vocabulary.add(w));

  const s = source.safety;
  const blocked = new Set([...s.negations, ...s.pastAuxiliaries, ...s.breaks].map((w) => phrase(w).split(' ')[0] ?? '').filter((w) => w.length > 0));
  const ctx: PatternContext = { classes: new Map(Object.entries(s.classes)), blocked, phrase };
  const compile = (patterns: readonly string[]) =>
    patterns.map((p) => {
      try {
        return compilePattern(p, ctx);
      } catch (error) {
        throw new Error(`understanding.json (${language}): ${(error as Error).message}: "${p}"`);
      }
    });

  const choiceWords = new Map<string, Set<string>>();
  for (const [question, choices] of Object.entries(source.choices)) {
    for (const [choice, entries] of Object.entries(choices)) choiceWords.set(`${question}.${choice}`, set(entries));
  }

  return {
    language,
    spelling: { spellings, vocabulary, typoTargets: source.typoTargets, notTypos: new Set(source.notTypos) },
    phrase,
    numbers: new Map(Object.entries(source.numbers).map(([word, n]) => [phrase(word), n])),
    numberWords: set(source.numberWords),
    listJoiners: set(source.listJoiners),
    fillers: list(source.fillers).sort((a, b) => b.length - a.length),
    hesitations: set(source.hesitations),
    wholeOnly: set(source.wholeOnly),
    commands: new Map(Object.entries(source.commands).map(([kind, entries]) => [kind as Command, set(entries)])),
    // Read without the language's own spellings, so a name is the same whichever language reads it.
    identify: {
      names: new Set(source.identify.names.map((n) => phraseOf(n, { spellings: new Map() }))),
      greetings: list(source.identify.greetings),
      words: set(source.identify.words),
      letters: source.identify.letters,
      ...(source.identify.otherScript ? { otherScript: { readIn: source.identify.otherScript.readIn, words: set(source.identify.otherScript.words) } } : {}),
    },
    again: list(source.again),
    asksToTalk: list(source.asksToTalk),
    answers: new Map(Object.entries(source.answers).map(([id, entries]) => [id, set(entries)])),
    carryOnCues: list(source.carryOnCues),
    labelStopWords: set(source.labelStopWords),
    choiceWords: (labelKey) => choiceWords.get(labelKey.replace(/^[\w-]+:/, '')),
    safety: {
      danger: compile(s.danger),
      dangerTogether: s.dangerTogether.map(compile),
      notDanger: compile(s.notDanger),
      selfHarm: compile(s.selfHarm),
      notSelfHarm: compile(s.notSelfHarm),
      selfHarmTogether: s.selfHarmTogether.map(compile),
      askDanger: compile(s.askDanger),
      askSelfHarm: compile(s.askSelfHarm),
      negations: set(s.negations),
      scopedNegations: list(s.scopedNegations),
      uncertain: list(s.uncertain),
      conditionals: set(s.conditionals),
      pastAuxiliaries: set(s.pastAuxiliaries),
      past: list(s.past),
      breaks: set(s.breaks),
      joiners: set(s.joiners),
      habitual: list(s.habitual),
      present: list(s.present),
      subjects: set(s.subjects),
      thirdParty: list(s.thirdParty),
      firstPerson: list(s.firstPerson),
    },
    categories: {
      cues: new Map(
        Object.entries(source.categories.cues).map(([kind, byWeight]) => [
          kind as CategoryKind,
          Object.entries(byWeight).flatMap(([weight, entries]) => list(entries).map((p) => ({ phrase: p, weight: Number(weight) }))),
        ]),
      ),
      weak: set(source.categories.weak),
      masks: list(source.categories.masks),
    },
    opening: {
      fillers: set(source.opening.fillers),
      contact: list(source.opening.contact),
      address: list(source.opening.address),
      when: compile(source.opening.when),
      young: compile(source.opening.young),
      prepositions: list(source.opening.where.prepositions),
      places: list(source.opening.where.places),
    },
  };
}
