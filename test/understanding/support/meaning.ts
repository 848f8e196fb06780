// Compares an interpretation with a corpus meaning (see corpus/types.ts), and counts danger and self-harm
// outcomes for precision and recall.
import type { Interpretation } from '../../../src/conversation/interpret/interpret';

/** Questions where a plain "yes" is itself the safety signal. */
const YES_MEANS: Record<string, 'danger' | 'selfHarm'> = { askingDanger: 'danger', askingDash_depressedOrSuicidal: 'selfHarm' };

export function picked(i: Interpretation): string[] {
  return i.meaning.kind === 'choice' ? i.meaning.ids : [];
}

/** What the person gets, in the corpus's words. */
export function describe(i: Interpretation): string {
  const safety = [i.danger ? 'danger' : '', i.selfHarm ? 'self-harm' : ''].filter(Boolean).join('+');
  if (safety) return safety;
  if (i.command) return `!${i.command}`;
  const m = i.meaning;
  if (m.kind === 'choice') return `=${m.ids.join('+')}${m.detail ? ' (with words)' : ''}`;
  if (m.kind === 'count') return `#${m.value}`;
  if (m.kind === 'text' && i.categories !== undefined) return i.categories.length === 0 ? 'category:none' : `category:${i.categories.map((c) => c.categoryId).join('|')}`;
  return { text: 'text', clarify: 'clarify', unclear: '?', continues: 'continues', nothing: 'nothing', opening: 'opening' }[m.kind];
}

export function meets(i: Interpretation, meaning: string, anywhere: boolean): boolean {
  const safety = meaning === 'danger' || meaning === 'self-harm' || meaning === 'danger+self-harm';
  if (safety) return i.danger === meaning.includes('danger') && i.selfHarm === meaning.includes('self-harm');
  if (i.danger || i.selfHarm) return false;
  // Anywhere, "text" means: words with no safety signal, whatever the question makes of them.
  if (anywhere && meaning === 'text') return i.command === undefined;
  if (meaning.startsWith('!')) return i.command === meaning.slice(1);
  if (i.command) return false;
  const m = i.meaning;
  switch (meaning) {
    case 'text':
      return m.kind === 'text';
    case 'clarify':
      return m.kind === 'clarify';
    case '?':
      return m.kind === 'unclear';
    case 'yes+text':
      return m.kind === 'choice' && m.ids.join() === 'yes' && m.detail !== undefined;
    case 'yes':
    case 'no':
    case 'dont_know':
      return m.kind === 'choice' && m.ids.join() === meaning;
  }
  if (meaning.startsWith('=')) return m.kind === 'choice' && m.ids.join('+') === meaning.slice(1);
  if (meaning.startsWith('#')) return m.kind === 'count' && m.value === Number(meaning.slice(1));
  if (meaning.startsWith('category:')) {
    const expected = meaning.slice('category:'.length);
    if (expected === 'none') return m.kind === 'text' && i.categories?.length === 0;
    const guesses = (i.categories ?? []).map((c) => c.categoryId).join('|');
    // One clear category may be picked outright (a pack synonym typed alone) or offered to confirm.
    return guesses === expected || (!expected.includes('|') && m.kind === 'choice' && m.ids.join() === expected);
  }
  throw new Error(`unknown meaning "${meaning}" in the corpus`);
}

export interface Tally {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
  trueNegative: number;
  misses: string[];
  falseAlarms: string[];
}
export const tally = (): Tally => ({ truePositive: 0, falsePositive: 0, falseNegative: 0, trueNegative: 0, misses: [], falseAlarms: [] });

export function count(t: Tally, expected: boolean, got: boolean, label: string): void {
  if (expected && got) t.truePositive += 1;
  else if (expected) {
    t.falseNegative += 1;
    t.misses.push(label);
  } else if (got) {
    t.falsePositive += 1;
    t.falseAlarms.push(label);
  } else t.trueNegative += 1;
}

/** Whether this row, at this question, is (expected) or was (got) a danger or self-harm outcome. */
export function outcome(kind: 'danger' | 'selfHarm', question: string, meaning: string, i: Interpretation): { expected: boolean; got: boolean } {
  const word = kind === 'danger' ? 'danger' : 'self-harm';
  const yesMeans = YES_MEANS[question] === kind;
  return {
    expected: meaning.split('+').includes(word) || (yesMeans && meaning === 'yes'),
    got: (kind === 'danger' ? i.danger : i.selfHarm) || (yesMeans && picked(i).join() === 'yes'),
  };
}

export function rates(t: Tally): { precision: number; recall: number; falseAlarmRate: number } {
  return {
    precision: t.truePositive / Math.max(1, t.truePositive + t.falsePositive),
    recall: t.truePositive / Math.max(1, t.truePositive + t.falseNegative),
    falseAlarmRate: t.falsePositive / Math.max(1, t.falsePositive + t.trueNegative),
  };
}
