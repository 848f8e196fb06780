// How a language plugs into understanding (issue 20): a file of words, no code. A Welsh word list here, as a
// test fixture, shows the contract: danger in any language we have words for is danger in every conversation;
// answers and the everyday words are read in the conversation's language, then English.
import { createTranslations } from '../../src/conversation/i18n';
import { interpret } from '../../src/conversation/interpret/interpret';
import { createLexicons } from '../../src/conversation/understanding';
import { policy, questions } from './support/evaluate';

const welsh = {
  cy: {
    common: { language: { names: { cy: 'Cymraeg' } } },
    understanding: {
      commands: { exit: ['gadael', 'dileu'] },
      answers: { yes: ['ie', 'ydw', 'oes', 'do'], no: ['na', 'nac ydw', 'nac oes', 'naddo'], dont_know: ['dim syniad', 'dwn i ddim'] },
      safety: {
        classes: { fi: ['fi', 'i'] },
        danger: ['mewn perygl', 'ffoniwch (yr heddlu|999)', 'mae e (yma|tu allan)'],
        negations: ['ddim', 'nid'],
      },
    },
  },
};
const i18n = createTranslations({ extraResources: welsh });
const lexicons = createLexicons(i18n);
const at = (question: string) => questions.get(question)!;

test('danger written in another language is danger in an English conversation', () => {
  const english = lexicons.forLocale('en', policy.categories);
  expect(interpret({ text: 'dw i mewn perygl', hasMedia: false, question: at('askingWhen') }, english).danger).toBe(true);
  expect(interpret({ text: 'Mae e tu allan', hasMedia: false, question: at('askingChildren') }, english).danger).toBe(true);
  // A negation in that language sets it aside, as in English.
  expect(interpret({ text: 'dw i ddim mewn perygl', hasMedia: false, question: at('askingWhen') }, english).danger).toBe(false);
});

test('in a Welsh conversation, Welsh and English answers and everyday words are both understood', () => {
  const cy = lexicons.forLocale('cy', policy.categories);
  const answer = (text: string, question: string) => {
    const meaning = interpret({ text, hasMedia: false, question: at(question) }, cy).meaning;
    return meaning.kind === 'choice' ? meaning.ids : meaning.kind;
  };
  expect(answer('ie', 'askingChildren')).toEqual(['yes']);
  expect(answer('nac oes', 'askingChildren')).toEqual(['no']);
  expect(answer('dwn i ddim', 'askingChildren')).toEqual(['dont_know']);
  expect(answer('yeah', 'askingChildren')).toEqual(['yes']);
  expect(interpret({ text: 'gadael', hasMedia: false, question: at('askingWhen') }, cy).command).toBe('exit');
  expect(interpret({ text: 'exit', hasMedia: false, question: at('askingWhen') }, cy).command).toBe('exit');
});

test('an English conversation does not take Welsh everyday words as answers (they are not its language)', () => {
  const english = lexicons.forLocale('en', policy.categories);
  expect(interpret({ text: 'gadael', hasMedia: false, question: at('askingWhen') }, english).command).toBeUndefined();
});

test('vowel signs are part of a word in Gurmukhi and Bengali, and Arabic vowel marks do not matter', () => {
  const scripts = createLexicons(
    createTranslations({
      extraResources: {
        pa: { common: {}, understanding: { answers: { yes: ['ਹਾਂ'], no: ['ਨਹੀਂ'] } } },
        bn: { common: {}, understanding: { answers: { yes: ['হ্যাঁ'], no: ['না'] } } },
        ar: { common: {}, understanding: { answers: { yes: ['نعم'], no: ['لا'] } } },
      },
    }),
  );
  const answer = (lng: string, text: string) => {
    const meaning = interpret({ text, hasMedia: false, question: at('askingChildren') }, scripts.forLocale(lng, policy.categories)).meaning;
    return meaning.kind === 'choice' ? meaning.ids : meaning.kind;
  };
  expect(answer('pa', 'ਹਾਂ')).toEqual(['yes']);
  expect(answer('pa', 'ਨਹੀਂ')).toEqual(['no']);
  // Without its vowel signs "ਹਾਂ" would be the bare letter "ਹ", and "না" would be "ন", the first letter of many words.
  expect(answer('pa', 'ਹ')).not.toEqual(['yes']);
  expect(answer('bn', 'হ্যাঁ')).toEqual(['yes']);
  expect(answer('bn', 'নি')).not.toEqual(['no']);
  expect(answer('ar', 'نَعَم')).toEqual(['yes']);
});
