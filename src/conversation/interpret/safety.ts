// Danger now and self-harm in a person's own words. A pattern from the word lists must match inside one
// clause, and is set aside when the clause says otherwise: a negation before it ("I'm not in danger"), a
// condition ("if I leave he'll..."), the past ("last year", "was"), a habit ("keeps", "always", "every night",
// unless the clause says it is happening now), a figure of speech ("the noise is killing me"), or, for
// self-harm, someone else ("my son self harms"). Some things are danger only together, anywhere in the
// message ("he's got the kids" with "he's drunk"; "I've got a rope" with "thinking about using it"): each part
// must match and not be set aside.
import type { Lexicon } from './lexicon';
import { matchAll, type Compiled, type Match } from './patterns';
import { CLAUSE, hasPhrase, indexOfPhrase } from './text';

export interface SafetyReading {
  /** Someone is in danger now: 999 guidance first. */
  danger: boolean;
  /** The person speaks of ending their life or harming themselves. */
  selfHarm: boolean;
  /** Not danger by the patterns, but shaped like it (someone at the home, fear of someone, harm said now): worth asking. */
  askDanger: boolean;
  /** Not self-harm by the patterns, but shaped like hopelessness: worth asking gently. */
  askSelfHarm: boolean;
  /** A danger pattern matched but was set aside ("he is not here", "last year"): the words were understood. */
  setAsideDanger: boolean;
  /** A self-harm pattern matched but was set aside ("I'm not suicidal", "my son self harms"). */
  setAsideSelfHarm: boolean;
}

/** Clauses: split at punctuation, at "but", and at "and"/"so" when a new subject follows ("... and he's outside"). */
export function clausesOf(words: readonly string[], lexicon: Lexicon): string[][] {
  const { breaks, subjects } = lexicon.safety;
  const joiners = lexicon.safety.joiners;
  const clauses: string[][] = [[]];
  words.forEach((word, i) => {
    const next = words[i + 1];
    const startsClause = word === CLAUSE || breaks.has(word) || (joiners.has(word) && next !== undefined && subjects.has(next) && i > 0);
    if (startsClause) {
      if (clauses[clauses.length - 1]!.length > 0) clauses.push([]);
      return;
    }
    clauses[clauses.length - 1]!.push(word);
  });
  return clauses.filter((c) => c.length > 0);
}

function occurrences(words: readonly string[], phrases: readonly string[]): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  for (const phrase of phrases) {
    const length = phrase.split(' ').length;
    for (let at = indexOfPhrase(words, phrase); at !== -1; at = indexOfPhrase(words, phrase, at + 1)) found.push({ start: at, end: at + length });
  }
  return found;
}

const overlaps = (a: Match, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/** A negation before the match that still governs it: nothing but its own clause's words in between. */
function negated(clause: readonly string[], match: Match, lexicon: Lexicon): boolean {
  const { negations, subjects, uncertain, scopedNegations } = lexicon.safety;
  if (occurrences(clause.slice(0, match.start), scopedNegations).length > 0) return true;
  // A match that starts with its own subject ("... he is outside") is a clause of its own.
  if (subjects.has(clause[match.start]!)) return false;
  const unsure = occurrences(clause, uncertain);
  for (let i = match.start - 1; i >= 0; i -= 1) {
    const word = clause[i]!;
    if (subjects.has(word)) return false;
    const isNegation = negations.has(word) || (word === 'no' && clause[i + 1] === 'one');
    if (isNegation && !unsure.some((u) => i >= u.start && i < u.end)) return true;
  }
  return false;
}

/**
 * A habit, not now: a habit word in the match, or next to it up to another subject on either side ("they are
 * always outside", "he's outside every night"); "right now" in the clause says it is happening now.
 */
function habitual(clause: readonly string[], match: Match, lexicon: Lexicon): boolean {
  const { habitual: habits, present, subjects } = lexicon.safety;
  if (occurrences(clause, present).length > 0) return false;
  let from = match.start;
  if (!subjects.has(clause[from]!)) while (from > 0 && !subjects.has(clause[from - 1]!)) from -= 1;
  let to = match.end;
  while (to < clause.length && !subjects.has(clause[to]!)) to += 1;
  return occurrences(clause.slice(from, to), habits).length > 0;
}

function vetoed(kind: 'danger' | 'selfHarm', clause: readonly string[], match: Match, lexicon: Lexicon): boolean {
  const s = lexicon.safety;
  const figures = kind === 'danger' ? s.notDanger : s.notSelfHarm;
  if (figures.some((p) => matchAll(p, clause).some((m) => overlaps(match, m)))) return true;
  if (negated(clause, match, lexicon)) return true;
  if (kind === 'danger') {
    if (clause.slice(0, match.start).some((w) => s.conditionals.has(w))) return true;
    if (s.past.some((p) => hasPhrase(clause, p))) return true;
    if (clause.slice(Math.max(0, match.start - 2), match.start).some((w) => s.pastAuxiliaries.has(w))) return true;
    if (habitual(clause, match, lexicon)) return true;
  } else {
    // Someone else's self-harm ("my son self harms", "my partner threatens suicide when I leave") is not the
    // person's own: the nearest subject before the words decides.
    const before = (list: readonly string[]) => occurrences(clause.slice(0, match.end), list).filter((o) => o.start < match.start || o.start === match.start);
    const last = (found: { start: number }[]) => Math.max(-1, ...found.map((o) => o.start));
    const someoneElse = last(before(s.thirdParty));
    const themselves = last(before(s.firstPerson));
    if (someoneElse > themselves) return true;
  }
  return false;
}

function anyMatch(kind: 'danger' | 'selfHarm', patterns: readonly Compiled[], clauses: readonly string[][], lexicon: Lexicon): boolean {
  return clauses.some((clause) => patterns.some((p) => matchAll(p, clause).some((m) => !vetoed(kind, clause, m, lexicon))));
}

/** Some pattern matched, and every such match was set aside. */
function onlySetAside(kind: 'danger' | 'selfHarm', patterns: readonly Compiled[], clauses: readonly string[][], lexicon: Lexicon): boolean {
  return clauses.some((clause) => patterns.some((p) => matchAll(p, clause).length > 0)) && !anyMatch(kind, patterns, clauses, lexicon);
}

/** Every part of a group matches somewhere in the message ("he's got the kids" … "he's drunk"). */
function allMatch(kind: 'danger' | 'selfHarm', groups: readonly (readonly Compiled[])[], clauses: readonly string[][], lexicon: Lexicon): boolean {
  return groups.some((group) => group.every((part) => anyMatch(kind, [part], clauses, lexicon)));
}

/** Safety signals in these words (read with this language's lists). */
export function readSafety(words: readonly string[], lexicon: Lexicon): SafetyReading {
  const clauses = clausesOf(words, lexicon);
  const danger = anyMatch('danger', lexicon.safety.danger, clauses, lexicon) || allMatch('danger', lexicon.safety.dangerTogether, clauses, lexicon);
  const selfHarm = anyMatch('selfHarm', lexicon.safety.selfHarm, clauses, lexicon) || allMatch('selfHarm', lexicon.safety.selfHarmTogether, clauses, lexicon);
  // The shapes are set aside by the same negations, conditions, past, habits and figures of speech.
  return {
    danger,
    selfHarm,
    askDanger: !danger && anyMatch('danger', lexicon.safety.askDanger, clauses, lexicon),
    askSelfHarm: !selfHarm && anyMatch('selfHarm', lexicon.safety.askSelfHarm, clauses, lexicon),
    setAsideDanger: !danger && onlySetAside('danger', lexicon.safety.danger, clauses, lexicon),
    setAsideSelfHarm: !selfHarm && onlySetAside('selfHarm', lexicon.safety.selfHarm, clauses, lexicon),
  };
}
