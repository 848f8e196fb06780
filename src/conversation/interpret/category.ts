// The kind of problem, from the person's own words: the landlord's synonyms for each category (from the
// policy pack) weighed together with this language's words for each kind of report ("racist" is strong for
// hate crime, "abuse" or "ex" alone are weak). One clear category is offered to confirm; when two are close,
// both are offered; when nothing is clear, none.
import type { CategoryGuess, DialogPolicy } from '../../../dialogs/shared/contract';
import type { CategoryKind, Lexicon } from './lexicon';
import { hasPhrase } from './text';

type Category = DialogPolicy['categories'][number];

/** Words strong enough to decide a kind on their own (weight 3 in the lists). */
const DECISIVE = 3;
/** Less than this is not worth suggesting. */
const ENOUGH = 1.5;

interface Score {
  category: Category;
  score: number;
  decisive: boolean;
  subcategoryId?: string;
}

function masked(words: readonly string[], lexicons: readonly Lexicon[]): string[] {
  const out = [...words];
  for (const lexicon of lexicons) {
    for (const mask of lexicon.categories.masks) {
      const parts = mask.split(' ');
      for (let i = 0; i <= out.length - parts.length; i += 1) {
        if (parts.every((p, j) => out[i + j] === p)) for (let j = 0; j < parts.length; j += 1) out[i + j] = '_';
      }
    }
  }
  return out;
}

function scoreOf(category: Category, words: readonly string[], lexicons: readonly Lexicon[]): Score {
  let score = 0;
  let decisive = false;
  // A pack's synonym that fits many reports ("abuse", "ex") counts for little; the lists' own cues carry their weights.
  const weak = (phrase: string) => lexicons.some((l) => l.categories.weak.has(phrase));
  const counted = new Set<string>();
  for (const lexicon of lexicons) {
    for (const synonym of category.synonyms) {
      const phrase = lexicon.phrase(synonym);
      if (phrase !== '' && !counted.has(`p:${phrase}`) && hasPhrase(words, phrase)) {
        counted.add(`p:${phrase}`);
        score += weak(phrase) ? 0.5 : 1;
      }
    }
    for (const cue of lexicon.categories.cues.get(category.kind as CategoryKind) ?? []) {
      if (!counted.has(`c:${cue.phrase}`) && hasPhrase(words, cue.phrase)) {
        counted.add(`c:${cue.phrase}`);
        score += cue.weight;
        if (cue.weight >= DECISIVE) decisive = true;
      }
    }
  }
  let best: { id: string; hits: number } | undefined;
  let tied = false;
  for (const sub of category.subcategories) {
    const hits = lexicons.reduce((n, l) => n + sub.synonyms.filter((s) => hasPhrase(words, l.phrase(s))).length, 0);
    if (hits === 0) continue;
    score += hits;
    if (!best || hits > best.hits) {
      best = { id: sub.id, hits };
      tied = false;
    } else if (hits === best.hits) tied = true;
  }
  return { category, score, decisive, ...(best && !tied ? { subcategoryId: best.id } : {}) };
}

/** One category to confirm, the two likeliest when they are close, or none. */
export function guessCategories(words: readonly string[], categories: DialogPolicy['categories'], lexicons: readonly Lexicon[]): CategoryGuess[] {
  const seen = masked(words, lexicons);
  const scores = categories.map((c) => scoreOf(c, seen, lexicons)).sort((a, b) => b.score - a.score);
  const [top, second] = scores;
  if (!top || top.score < ENOUGH) return [];
  const guess = (s: Score): CategoryGuess => ({ categoryId: s.category.id, ...(s.subcategoryId ? { subcategoryId: s.subcategoryId } : {}) });
  const close = second !== undefined && second.score > 0 && second.score * 2 > top.score && (second.decisive || !top.decisive);
  return close ? [guess(top), guess(second)] : [guess(top)];
}
