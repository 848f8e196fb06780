// Whether a reply to the closing survey's "anything to add?" reads as something new rather than a comment on how
// a closed case was handled: "again" in any shipped language (again-words.ts), a kind of problem the understanding
// step recognises as it would at "what is it about?", words shaped like danger or self-harm, or a request to be
// contacted or to speak to the officer, someone or a person ("can I speak to the officer?", "phone me back"). Such
// a message starts a report; a comment ("ok thanks", "the officer was helpful") does not. A new report filed as a
// comment on a closed case is acted on by nobody, so doubt goes to the report.
import type { DialogPolicy } from '../../dialogs/shared/contract';
import type { Translations } from '../conversation/i18n';
import type { QuestionView } from '../conversation/interpret/answers';
import { interpret } from '../conversation/interpret/interpret';
import { CLAUSE, hasPhrase, wordsOf } from '../conversation/interpret/text';
import { createLexicons } from '../conversation/understanding';
import { createSaysAgain } from './again-words';

/** Read as the dialog reads words at "what is it about?": for the kinds of problem and the shape of danger in them. */
const WHAT_HAPPENED: QuestionView = { id: 'closingSurveyComment', choices: [], freeText: true, several: false, expects: 'category' };

export function createReadsAsNew(i18n: Translations, categories: DialogPolicy['categories']): (text: string, locale: string) => boolean {
  const lexicons = createLexicons(i18n);
  const every = lexicons.forLocale('en', []).safetyLexicons;
  const saysAgain = createSaysAgain(i18n);
  // "call me", "ring me", "talk to someone", "can I speak to the officer?", "phone me back", in any shipped language
  // (each understanding.json's asksToTalk); a word alone ("staff", "available", "officer") is as likely to be about
  // how the case was handled ("the staff were kind", "the officer was helpful"), so only phrases count.
  const contactCues = every.map((lexicon) => ({ lexicon, cues: [...lexicon.opening.contact, ...(lexicon.commands.get('person') ?? []), ...lexicon.asksToTalk].filter((cue) => cue.includes(' ')) }));
  const asksForContact = (text: string) =>
    contactCues.some(({ lexicon, cues }) => {
      const words = wordsOf(text, lexicon.spelling).filter((w) => w !== CLAUSE);
      return cues.some((cue) => hasPhrase(words, cue));
    });
  return (text, locale) => {
    if (saysAgain(text) || asksForContact(text)) return true;
    const read = interpret({ text, hasMedia: false, question: WHAT_HAPPENED }, lexicons.forLocale(locale, categories));
    return read.danger || read.selfHarm || read.ask !== undefined || read.command === 'person' || (read.categories?.length ?? 0) > 0;
  };
}
