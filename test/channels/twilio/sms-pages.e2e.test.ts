// A long list by SMS through the real, signed Twilio webhook of the app as composed for production (issue 20):
// in Urdu (UCS-2, 67 characters a segment) the nine kinds of anti-social behaviour come a page at a time,
// "0" brings the second page, and the option the person picks there by its number is the one kept on the case.
// In English the same list fits in plain letters and comes whole, so its numbers are picked at once.
// The paging itself: src/conversation/sms-pages.ts, test/conversation/sms-pages.test.ts.
import { type TwilioServices, useTwilioServices } from '../../support/twilio-services';
import { segmentCount } from '../../../src/channels/twilio/render';
import { converseBySms, NOISE_REPORT, sendSms } from '../../support/sms-reporter';
import { noiseReportIn } from '../../support/reports-in-languages';

let app: TwilioServices;
useTwilioServices((started) => (app = started));

/** Each "N. label" line of a message, as the person reads their phone. */
const optionsIn = (text: string) => [...text.matchAll(/^(\d+)\. (.+)$/gm)].map((m) => ({ number: m[1]!, label: m[2]!.trim() }));
const SUBCATEGORY = NOISE_REPORT.findIndex(([question]) => question.source === 'best describes it');
/** The question as the person reads it: from its first line to the end of the turn (a long one comes as two SMS). */
const lastQuestion = (received: string[], question: RegExp) => received.slice(received.findLastIndex((text) => question.test(text))).join('\n');
const caseOf = async (replies: string[]) => {
  const reference = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(replies.join('\n'))?.[1];
  expect(reference).toBeDefined();
  return app.db.connection.collection('cases').findOne({ reference });
};

test('Urdu: "0" shows the second page of the kinds of anti-social behaviour, and "۸" picked there is the one kept on the case (OVH 1.5.2.1)', async () => {
  const from = '+447700900951';
  const table = noiseReportIn('ur', { when: 'ہر رات آدھی رات کے بعد', what: 'رات کو گاڑی کے دروازے زور سے بند کرتے ہیں اور باہر شور مچاتے ہیں۔', who: 'فلیٹ 3 والا پڑوسی' });
  const asksSubcategory = table[SUBCATEGORY]![0];
  const opening = await converseBySms(app.services.app, 'sms', from, { first: 'السلام علیکم', table, until: asksSubcategory });

  const firstPage = lastQuestion(opening, asksSubcategory);
  expect(optionsIn(firstPage).map((o) => o.number)).toEqual(['1', '2', '3', '4', '5', '0']);
  expect(optionsIn(firstPage).at(-1)?.label).toBe('مزید');
  expect(firstPage).not.toContain('کوئی اور پریشانی');

  const turned = await sendSms(app.services.app, 'sms', from, '0');
  for (const text of turned) expect(segmentCount(text)).toBeLessThanOrEqual(2);
  const secondPage = lastQuestion(turned, asksSubcategory);
  const shown = optionsIn(secondPage);
  expect(shown.map((o) => o.number)).toEqual(['6', '7', '8', '9', '0']);
  expect(shown.at(-1)?.label).toBe('پہلے آپشن دوبارہ');
  // "Other nuisance", read on the second page, picked by its number in the digits an Urdu keyboard types.
  const nuisance = shown.find((o) => o.label === 'کوئی اور پریشانی');
  expect(nuisance?.number).toBe('8');
  const picked = '۸';

  const rest = await converseBySms(app.services.app, 'sms', from, { first: picked, table, until: /[A-Z0-9]{4}-[A-Z0-9]{4}/ });
  // The dialog went on from the answer: the list was not asked again.
  expect(rest.some((text) => asksSubcategory.test(text))).toBe(false);
  expect(await caseOf(rest)).toMatchObject({ channel: 'sms', locale: 'ur', category: { id: 'asb', subcategoryId: 'nuisance' } });
});

test('English: the same nine kinds come whole in one message in plain letters, with no "0. More", and "8" picks Other nuisance for the case', async () => {
  const from = '+447700900952';
  const asksSubcategory = NOISE_REPORT[SUBCATEGORY]![0];
  const opening = await converseBySms(app.services.app, 'sms', from, { first: 'Hi', until: asksSubcategory });

  const list = lastQuestion(opening, asksSubcategory);
  const shown = optionsIn(list);
  expect(shown.map((o) => o.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  expect(shown.find((o) => o.number === '8')?.label).toBe('Other nuisance');
  expect(segmentCount(list)).toBeLessThanOrEqual(3);

  const rest = await converseBySms(app.services.app, 'sms', from, { first: '8', until: /reference is/ });
  expect(rest.some((text) => asksSubcategory.test(text))).toBe(false);
  expect(await caseOf(rest)).toMatchObject({ channel: 'sms', locale: 'en', category: { id: 'asb', subcategoryId: 'nuisance' } });
});
