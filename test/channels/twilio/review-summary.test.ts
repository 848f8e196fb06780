// The SMS review summary in every language: however long the answers, it fits a question's segment budget as
// sent, cuts an answer only where a word ends, and offers the rest ("send ALL") whenever anything is left out.
import { createTranslations } from '../../../src/conversation/i18n';
import { render } from '../../../src/conversation/prompts';
import { fittedSummary } from '../../../src/channels/twilio/review-summary';
import { SMS_PROMPT_SEGMENTS, segmentCount, smsPromptText } from '../../../src/channels/twilio/render';

const i18n = createTranslations();
const fits = (text: string) => segmentCount(smsPromptText({ key: '', text })) <= SMS_PROMPT_SEGMENTS;
const WHEN = 'Every night after midnight for the last three weeks';
const WHERE = 'Outside my flat at 3 Rose Court by the bins';
const STATEMENT = 'He said he would come back tonight and break the door down if I told anyone about the stairs. '.repeat(12).trim();

function summaryPrompt(lng: string, params: Record<string, string | number>) {
  const all = { roleKey: 'intake:role.third_party', categoryKey: 'policy:category.hateCrime', anonymityKey: 'intake:askingAnonymity.confidential', ...params };
  return render(i18n.tFor(lng), { key: 'intake:reviewing.summary', params: all });
}

test.each(i18n.languages)('%s: a long report\'s summary fits the budget, cut at word ends, and offers all of it', (lng) => {
  const t = i18n.tFor(lng);
  const prompt = summaryPrompt(lng, { whenFull: WHEN, whereFull: WHERE, descriptionFull: STATEMENT, name: 'Amira Khan', contact: '-', perpetrator: '-', safeTimes: '-', codeWord: '-', evidenceCount: 0 });
  const text = fittedSummary(prompt, t, fits)!;
  expect(segmentCount(smsPromptText({ key: '', text }))).toBeLessThanOrEqual(SMS_PROMPT_SEGMENTS);
  expect(text.endsWith(String(t('intake:reviewing.seeAll')))).toBe(true);
  // Each answer cut short ends in a whole word of what they wrote.
  const written = new Set(`${WHEN} ${WHERE} ${STATEMENT}`.split(/[\s.]+/));
  const cuts = [...text.matchAll(/(\S+)\.\.\./g)].map((m) => m[1]);
  expect(cuts.length).toBeGreaterThan(0);
  expect(cuts.filter((word) => !written.has(word!))).toEqual([]);
});

test('a summary with every answer whole and nothing else to show offers nothing more; a discreet one is left as it is', () => {
  const t = i18n.tFor('en');
  const whole = summaryPrompt('en', { whenFull: 'Last night', whereFull: 'Outside', descriptionFull: 'Loud music.', name: '-', contact: '-', perpetrator: '-', safeTimes: '-', codeWord: '-', evidenceCount: 0 });
  expect(fittedSummary(whole, t, fits)).toBe('Your report:\nFor someone you know, Hate crime or hate incident\nWhen: Last night\nWhere: Outside\nWhat happened: Loud music.\nConfidential: we will not tell them it was you');
  const withPhoto = summaryPrompt('en', { whenFull: 'Last night', whereFull: 'Outside', descriptionFull: 'Loud music.', name: '-', contact: '-', perpetrator: '-', safeTimes: '-', codeWord: '-', evidenceCount: 1 });
  expect(fittedSummary(withPhoto, t, fits)).toMatch(/Send ALL to read all of it\.$/);
  // Discreet: only the labels come with it, never their words, so there is nothing to fit.
  expect(fittedSummary(render(t, { key: 'intake:reviewing.summary', params: { roleKey: 'intake:role.victim', categoryKey: 'policy:category.asb', anonymityKey: 'intake:askingAnonymity.named' } }, ['discreet']), t, fits)).toBeUndefined();
});
