// AGAIN in every language (issue 20): a new incident added to a case by its reference is recognised in each
// language's own word for "again", in its script and in the Latin letters people type it in; a question about
// the report in the same language is not taken for a new incident. Then one through the app: Urdu, by text.
import { shippedTranslations } from '../../src/conversation/i18n';
import { createSaysAgain } from '../../src/follow-up/again-words';
import type { StaffApp } from './support/staff-app';
import { reportFrom, textUs, useConsoleWithLeader } from './support/twilio-console';

const saysAgain = createSaysAgain(shippedTranslations());
const REF = 'ABCD-EFGH';

/** [what the person typed, it says "again"] — each with the reference and what happened, as people text it. */
const ROWS: Record<string, [string, boolean][]> = {
  en: [[`It happened again ${REF} loud music until 3am`, true], [`AGAIN ${REF} they broke the window`, true], [`how is my report ${REF} going`, false]],
  cy: [[`Mae wedi digwydd eto ${REF} cerddoriaeth uchel tan 3 y bore`, true], [`eto ${REF} maen nhw'n gweiddi`, true], [`sut mae fy adroddiad ${REF}`, false]],
  pl: [[`Znowu ${REF} głośna muzyka do 3 w nocy`, true], [`znow ${REF} krzyczeli na mnie w nocy`, true], [`ponownie ${REF} zniszczyli drzwi`, true], [`jak idzie moje zgłoszenie ${REF}`, false]],
  ro: [[`Din nou ${REF} muzică tare până la 3 noaptea`, true], [`iarasi ${REF} au spart geamul`, true], [`ce se întâmplă cu raportul ${REF}`, false]],
  ur: [[`دوبارہ ${REF} کل رات پھر بہت شور ہوا`, true], [`${REF} پھر سے گالیاں دیں اور دروازہ توڑا`, true], [`dobara ${REF} kal raat bohat shor hua`, true], [`phir se ${REF} unhon ne gaali di`, true], [`میری رپورٹ ${REF} کا کیا بنا`, false]],
  ar: [[`مرة أخرى ${REF} موسيقى عالية حتى الثالثة فجرا`, true], [`${REF} صار مجددا وكسروا الباب`, true], [`marra tanya ${REF} kasaro el bab`, true], [`ما أخبار بلاغي ${REF}`, false]],
  pa: [[`ਦੁਬਾਰਾ ${REF} ਕੱਲ੍ਹ ਰਾਤ ਬਹੁਤ ਰੌਲਾ ਪਾਇਆ`, true], [`ਫਿਰ ਤੋਂ ${REF} ਗਾਲ੍ਹਾਂ ਕੱਢੀਆਂ ਤੇ ਦਰਵਾਜ਼ਾ ਤੋੜਿਆ`, true], [`dubara ${REF} kal raat bahut raula paya`, true], [`ਮੇਰੀ ਰਿਪੋਰਟ ${REF} ਦਾ ਕੀ ਬਣਿਆ`, false]],
  bn: [[`আবার ${REF} কাল রাতে খুব জোরে গান বাজিয়েছে`, true], [`${REF} আবারও দরজা ভেঙেছে আর গালি দিয়েছে`, true], [`abar ${REF} kal rate khub jore gaan bajiyeche`, true], [`আমার রিপোর্ট ${REF} এর কী খবর`, false]],
};

describe.each(Object.keys(ROWS))('%s', (lng) => {
  test.each(ROWS[lng]!)('%s → again: %s', (text, again) => {
    expect(saysAgain(text)).toBe(again);
  });
});

describe('through the app: AGAIN in Urdu by text', () => {
  let app: StaffApp;
  useConsoleWithLeader('aga', (started) => ({ app } = started));

  it('"دوبارہ" with the reference adds the new incident to the open Urdu case and answers in Urdu; a question about it hears its stage', async () => {
    const from = '+447700900931';
    const { reference, caseId } = await reportFrom(app, 'sms', from, { locale: 'ur' });
    const cases = async () => app.db.connection.collection('cases').countDocuments();
    const before = await cases();
    const reply = (await textUs(app, 'sms', from, `دوبارہ ${reference} کل رات پھر بہت شور ہوا اور گالیاں دیں`)).join('\n');
    expect(reply).toContain(`میں شامل کر کے افسر کو بتا دیا ہے`);
    expect(reply).toContain(reference);
    expect(await cases()).toBe(before);
    const stored = JSON.stringify(await app.db.connection.collection('case_events').find({ caseId }).toArray());
    expect(stored).toContain('incident.added');
    expect(stored).not.toContain('گالیاں');
    // In Roman Urdu too.
    expect((await textUs(app, 'sms', from, `dobara ${reference} aaj phir shor hua raat ko`)).join('\n')).toContain('افسر کو بتا دیا ہے');
    expect(JSON.stringify(await app.db.connection.collection('case_events').find({ caseId, type: 'incident.added' }).toArray()).match(/incident\.added/g)).toHaveLength(2);
  });
});
