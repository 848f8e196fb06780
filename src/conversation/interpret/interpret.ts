// One pure step between what a person typed and the dialog: safety first (danger now, self-harm), then the
// words that work everywhere (exit, person, help, back, skip, language), then the answer to the question
// being asked. Nothing here reads a clock, a database or i18next: the caller passes the question, the word
// lists and what it knows about the message (first of the conversation, a quick follow-up).
import type { CategoryGuess, DialogPolicy, OpeningHints } from '../../../dialogs/shared/contract';
import { readAnswer, type AnswerReading, type QuestionView } from './answers';
import { guessCategories } from './category';
import type { Command, Lexicon } from './lexicon';
import { readOpening, soundsYoung } from './opening';
import { readSafety } from './safety';
import { secondOpinionAsks, type SecondOpinion } from './second-opinion';
import { CLAUSE, spellingBeside, wordsOf, type Spelling } from './text';

export interface InterpretInput {
  text: string;
  hasMedia: boolean;
  /** The question being asked, if any (none while the dialog waits for work, or after it ended). */
  question?: QuestionView;
  /** The first message of a new conversation: it opens it and answers nothing. */
  opening?: boolean;
  /** It came within the channel's settle window after a free-text answer: it may continue that answer. */
  quickFollowUp?: boolean;
}

export interface Understanding {
  /** For answers and the everyday words: the session's language first, then English. */
  answerLexicons: readonly Lexicon[];
  /** For danger and self-harm: every language we have words for, whatever the session's language. */
  safetyLexicons: readonly Lexicon[];
  categories: DialogPolicy['categories'];
  /** A trained second opinion that may ask where the lists found nothing (second-opinion.ts); none: lists only. */
  secondOpinion?: SecondOpinion;
}

export type Meaning =
  | AnswerReading
  /** The first message: kept unless only a greeting; what it clearly says, to confirm later. */
  | { kind: 'opening'; substantive: boolean; hints: OpeningHints }
  /** More words for the last free-text answer, sent before the next question was seen. */
  | { kind: 'continues' }
  /** Nothing was typed or sent (Web Chat's join, an empty SMS). */
  | { kind: 'nothing' };

export interface Interpretation {
  danger: boolean;
  selfHarm: boolean;
  /** The message was only a safety word ("999", "help me"): there is nothing else in it to keep. */
  bare: boolean;
  /** A word that works everywhere (danger is a safety signal, not a command). */
  command?: Exclude<Command, 'danger'>;
  meaning: Meaning;
  /** Words at a "what is it about?" question: one category to confirm, or the two likeliest. */
  categories?: CategoryGuess[];
  /** Words at that question that sound like a child or young person's. */
  young?: boolean;
  /**
   * No safety pattern matched and the words are no clear answer, but they have the shape of danger now or of
   * self-harm: worth asking "are you in danger right now?" (or gently about harming themselves) before going on.
   */
  ask?: 'danger' | 'selfHarm';
}

const COMMAND_ORDER: Exclude<Command, 'danger' | 'exit'>[] = ['person', 'help', 'language', 'back', 'skip'];

/** The message without "please", "can I", "thanks" around it, for the words that work everywhere. */
function core(words: readonly string[], lexicons: readonly Lexicon[]): string {
  let rest = [...words];
  const fillers = lexicons.flatMap((l) => l.fillers);
  for (let changed = true; changed && rest.length > 0; ) {
    changed = false;
    for (const filler of fillers) {
      const parts = filler.split(' ');
      if (parts.length >= rest.length) continue;
      if (parts.every((p, i) => rest[i] === p)) {
        rest = rest.slice(parts.length);
        changed = true;
      } else if (parts.every((p, i) => rest[rest.length - parts.length + i] === p)) {
        rest = rest.slice(0, rest.length - parts.length);
        changed = true;
      }
    }
  }
  return rest.join(' ');
}

function commandOf(kind: Command, said: string, whole: string, lexicons: readonly Lexicon[]): boolean {
  return lexicons.some((l) => l.commands.get(kind)?.has(said) === true || l.commands.get(kind)?.has(whole) === true);
}

/** Each language's spelling beside each conversation language's, made once (the lists never change). */
const beside = new WeakMap<Lexicon, WeakMap<Lexicon, Spelling>>();
function besideMain(lexicon: Lexicon, main: Lexicon): Spelling {
  const byMain = beside.get(lexicon) ?? new WeakMap<Lexicon, Spelling>();
  beside.set(lexicon, byMain);
  const made = byMain.get(main) ?? spellingBeside(lexicon.spelling, main.spelling);
  byMain.set(main, made);
  return made;
}

export function interpret(input: InterpretInput, understanding: Understanding): Interpretation {
  const [main] = understanding.answerLexicons;
  if (main === undefined) throw new Error('no word lists to understand with');
  const words = wordsOf(input.text, main.spelling);
  const plain = words.filter((w) => w !== CLAUSE);
  const whole = plain.join(' ');
  const said = core(plain, understanding.answerLexicons);
  const question = input.question;
  const nothing = { danger: false, selfHarm: false, bare: false };

  if (whole !== '' && commandOf('exit', said, whole, understanding.answerLexicons)) return { ...nothing, command: 'exit', meaning: { kind: 'nothing' } };

  let danger = false;
  let selfHarm = false;
  let askDanger = false;
  let askSelfHarm = false;
  let setAsideDanger = false;
  let setAsideSelfHarm = false;
  for (const lexicon of understanding.safetyLexicons) {
    const read = readSafety(lexicon === main ? words : wordsOf(input.text, besideMain(lexicon, main)), lexicon);
    danger ||= read.danger;
    selfHarm ||= read.selfHarm;
    askDanger ||= read.askDanger;
    askSelfHarm ||= read.askSelfHarm;
    setAsideDanger ||= read.setAsideDanger;
    setAsideSelfHarm ||= read.setAsideSelfHarm;
  }
  const bareDanger = whole !== '' && commandOf('danger', said, whole, understanding.safetyLexicons);
  // "help" to "are you in danger right now?" is a cry for help, not a question about the service.
  const helpAtDanger = question?.expects === 'danger' && commandOf('help', said, whole, understanding.answerLexicons);
  danger ||= bareDanger || helpAtDanger;
  const bare = bareDanger || helpAtDanger;

  if (input.opening) {
    return { danger, selfHarm, bare, meaning: { kind: 'opening', ...readOpening(words, understanding.answerLexicons, understanding.categories) } };
  }
  if (danger || selfHarm) return { danger, selfHarm, bare, meaning: { kind: 'nothing' } };

  if (whole !== '') {
    const command = COMMAND_ORDER.find((kind) => commandOf(kind, said, whole, understanding.answerLexicons));
    if (command !== undefined) return { ...nothing, command, meaning: { kind: 'nothing' } };
  }

  if (whole === '') return { ...nothing, meaning: input.hasMedia ? { kind: 'text' } : { kind: 'nothing' } };
  if (question === undefined) return { ...nothing, meaning: { kind: 'text' } };

  const answer = readAnswer(plain, input.text, question, understanding.answerLexicons);
  const opinion = understanding.secondOpinion;
  const opinionAsks = opinion && !askDanger ? secondOpinionAsks(opinion, plain, { danger: setAsideDanger, selfHarm: setAsideSelfHarm || askSelfHarm }) : undefined;
  // Danger now before self-harm, whichever of the lists' shapes and the second opinion saw it.
  const answered = answer.kind === 'choice' || answer.kind === 'count';
  const ask: Interpretation['ask'] = answered ? undefined : askDanger || opinionAsks === 'danger' ? 'danger' : askSelfHarm || opinionAsks === 'selfHarm' ? 'selfHarm' : undefined;
  const asking = ask ? { ask } : {};
  if (input.quickFollowUp && !answered) return { ...nothing, ...asking, meaning: { kind: 'continues' } };
  if (answer.kind === 'text' && question.expects === 'category') {
    const young = soundsYoung(plain, understanding.answerLexicons) ? { young: true } : {};
    return { ...nothing, ...asking, meaning: answer, categories: guessCategories(plain, understanding.categories, understanding.answerLexicons), ...young };
  }
  return { ...nothing, ...asking, meaning: answer };
}
