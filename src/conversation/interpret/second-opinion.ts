// A second opinion under the word lists: two small naive Bayes text classifiers (danger now; self-harm),
// trained on the understanding corpus and the held-out sets by `npm run understanding:train`, and shipped as
// data (second-opinion.model.json). Word lists miss the next person's wording (each blind set has found new
// misses); a classifier over words and the words around them carries over to phrasings nobody listed. It never raises an alarm on its own: it only lets the safety net ask "are you in danger right
// now?" (or gently about harming themselves) where the lists found nothing. Pure: no clock, no network.
import naiveBayes from 'wink-naive-bayes-text-classifier';
import model from './second-opinion.model.json';
import { CLAUSE } from './text';

export interface SecondOpinion {
  /** How likely these words (already spelt out, see text.ts) speak of danger now, 0 to 1. */
  danger(words: readonly string[]): number;
  /** How likely they speak of the writer's own self-harm or suicidal feelings, 0 to 1. */
  selfHarm(words: readonly string[]): number;
}

export type OpinionKind = 'danger' | 'selfHarm';

/**
 * What the classifiers read: the words, each pair and each three in a row ("he is here", "is not here"). Pieces of
 * words were tried and dropped: they made "use the back door" as sure as "he is at the door".
 */
export function features(words: readonly string[]): string[] {
  const plain = words.filter((w) => w !== CLAUSE);
  const found = [...plain];
  for (let i = 0; i + 1 < plain.length; i += 1) found.push(`${plain[i]}_${plain[i + 1]}`);
  for (let i = 0; i + 2 < plain.length; i += 1) found.push(`${plain[i]}_${plain[i + 1]}_${plain[i + 2]}`);
  return found;
}

/** Words are passed to the classifier joined by a character no word holds, and split back into features. */
const SEPARATOR = '\u0001';
const prepare = (joined: string) => features(joined.split(SEPARATOR));

export function untrainedClassifier() {
  const classifier = naiveBayes();
  classifier.definePrepTasks([prepare]);
  // Presence, not counts: a message says "knife" once or three times for the same reason.
  classifier.defineConfig({ considerOnlyPresence: true, smoothingFactor: 0.5 });
  return classifier;
}

export const YES = 'yes';
export const NO = 'no';
export const asInput = (words: readonly string[]) => words.join(SEPARATOR);

export interface SecondOpinionModel {
  danger: string;
  selfHarm: string;
}

export const MODEL_PATH = 'src/conversation/interpret/second-opinion.model.json';

function probability(classifier: ReturnType<typeof untrainedClassifier>, words: readonly string[]): number {
  const odds = classifier.computeOdds(asInput(words)).find(([label]) => label === YES)?.[1];
  // No word ever seen (another script, a number): no opinion.
  if (odds === undefined || odds === 0) return 0;
  return 1 / (1 + 2 ** -odds);
}

export function secondOpinionFrom(model: SecondOpinionModel): SecondOpinion {
  const danger = untrainedClassifier();
  danger.importJSON(model.danger);
  danger.consolidate();
  const selfHarm = untrainedClassifier();
  selfHarm.importJSON(model.selfHarm);
  selfHarm.consolidate();
  return { danger: (words) => probability(danger, words), selfHarm: (words) => probability(selfHarm, words) };
}

let shipped: SecondOpinion | undefined;
/** The model shipped with the service, read once. */
export function shippedSecondOpinion(): SecondOpinion {
  shipped ??= secondOpinionFrom(model);
  return shipped;
}

/** How sure the second opinion must be before the net asks (chosen on held-out sets 1–6; see the test). */
export const ASK_AT = 0.9;
/** Fewer words than this (spelt out) are an answer ("use the back door", "about 11pm"), not a statement to weigh. */
export const FEWEST_WORDS = 6;

/**
 * Whether to ask, and about what: never for a short answer, never for a kind the lists understood and set aside
 * ("I'm not suicidal", "he hit me last year"), danger before self-harm.
 */
export function secondOpinionAsks(opinion: SecondOpinion, words: readonly string[], setAside: Record<OpinionKind, boolean>): OpinionKind | undefined {
  const plain = words.filter((w) => w !== CLAUSE);
  if (plain.length < FEWEST_WORDS) return undefined;
  if (!setAside.danger && opinion.danger(plain) >= ASK_AT) return 'danger';
  if (!setAside.selfHarm && opinion.selfHarm(plain) >= ASK_AT) return 'selfHarm';
  return undefined;
}

/** Trains both classifiers on labelled messages, already spelt out into words. */
export function trainSecondOpinion(examples: readonly { words: readonly string[]; danger: boolean; selfHarm: boolean }[]): SecondOpinionModel {
  const danger = untrainedClassifier();
  const selfHarm = untrainedClassifier();
  for (const example of examples) {
    const input = asInput(example.words.filter((w) => w !== CLAUSE));
    danger.learn(input, example.danger ? YES : NO);
    selfHarm.learn(input, example.selfHarm ? YES : NO);
  }
  danger.consolidate();
  selfHarm.consolidate();
  return { danger: danger.exportJSON(), selfHarm: selfHarm.exportJSON() };
}
