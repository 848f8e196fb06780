// The closing survey's last question, "anything else you would like to tell us?" (OVH 3.9.1), by text through
// the signed Twilio webhook: a reply that is a new incident ("again", in English or the reporter's language), a
// new problem, or a request to be contacted or to speak to the officer or someone starts a report (OVH 3.2.4:
// every report is answered within a working day; one filed as a comment on a closed case would be acted on by
// nobody) and ends the survey's wait; a short comment is kept, sealed, and the thanks says how to report something
// new. First the reading itself, as a table.
import { shippedTranslations } from '../../src/conversation/i18n';
import { conversationKey } from '../../src/crypto/keyed-hash';
import { createReadsAsNew } from '../../src/follow-up/reads-as-new';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import request from 'supertest';
import type { DraftOverrides } from '../cases/support/drafts';
import type { StaffApp } from './support/staff-app';
import { investigateAndClose, reportFrom, textUs, twilioApi, useConsoleWithLeader } from './support/twilio-console';

const readsAsNew = createReadsAsNew(shippedTranslations(), toDialogPolicy(loadPolicyPack('one-vision-housing')).categories);

/** [the reply to "anything else?", the case's language, it is a new report or a request]. */
const ROWS: [string, string, boolean][] = [
  ["they've started again, banging on my door at 2am and shouting that they'll get me", 'en', true],
  ["my neighbour's son keeps dealing drugs outside the block", 'en', true],
  ['it happened again last night', 'en', true],
  ['can someone call me please', 'en', true],
  ['I want to speak to someone', 'en', true],
  ['ok thanks', 'en', false],
  ['they were helpful but slow', 'en', false],
  ['no', 'en', false],
  ['The officer was kind but it took three weeks', 'en', false],
  ['Znowu walą w moje drzwi w nocy', 'pl', true],
  ['dziękuję, wszystko w porządku', 'pl', false],
  ['Mae wedi digwydd eto neithiwr', 'cy', true],
  ['diolch yn fawr', 'cy', false],
  ['dobara shor ho raha hai raat ko', 'ur', true],
  // Asking to speak to the officer, someone or a person, or to be rung, is a request, in every shipped language;
  // the officer named in a comment is not (OVH 3.2.4: a request filed as a comment would be answered by nobody).
  ['Can I speak to the officer?', 'en', true],
  ['can i talk to the housing officer please', 'en', true],
  ['I need to contact my housing officer', 'en', true],
  ['can I talk to a person', 'en', true],
  ['ring me', 'en', true],
  ['can you phone me back please', 'en', true],
  ['the officer was helpful', 'en', false],
  ['thanks, all sorted', 'en', false],
  ['I spoke to the officer and she was great', 'en', false],
  ['the officer rang me and it was sorted', 'en', false],
  ['Ga i siarad â\'r swyddog tai?', 'cy', true],
  ['ffoniwch fi yn ôl', 'cy', true],
  ['roedd y swyddog yn garedig iawn', 'cy', false],
  ['Czy mogę porozmawiać z urzędnikiem?', 'pl', true],
  ['proszę zadzwonić do mnie', 'pl', true],
  ['pracownik był bardzo pomocny, dziękuję', 'pl', false],
  ['Pot vorbi cu ofițerul?', 'ro', true],
  ['sunați-mă vă rog', 'ro', true],
  ['ofițerul a fost de ajutor, mulțumesc', 'ro', false],
  ['کیا میں افسر سے بات کر سکتا ہوں؟', 'ur', true],
  ['mujhe call karo please', 'ur', true],
  ['افسر بہت مددگار تھا، شکریہ', 'ur', false],
  ['هل يمكنني التحدث مع الموظف؟', 'ar', true],
  ['اتصلوا بي من فضلكم', 'ar', true],
  ['شكرا، الموظف كان متعاونا', 'ar', false],
  ['ਕੀ ਮੈਂ ਅਫ਼ਸਰ ਨਾਲ ਗੱਲ ਕਰ ਸਕਦਾ ਹਾਂ?', 'pa', true],
  ['ਮੈਨੂੰ ਫ਼ੋਨ ਕਰੋ ਜੀ', 'pa', true],
  ['ਅਫ਼ਸਰ ਬਹੁਤ ਮਦਦਗਾਰ ਸੀ, ਧੰਨਵਾਦ', 'pa', false],
  ['আমি কি অফিসারের সাথে কথা বলতে পারি?', 'bn', true],
  ['আমাকে ফোন করুন', 'bn', true],
  ['অফিসার খুব সাহায্য করেছেন, ধন্যবাদ', 'bn', false],
];

test.each(ROWS)('"%s" (%s) → a new report: %s', (text, locale, isNew) => {
  expect(readsAsNew(text, locale)).toBe(isNew);
});

describe('through the app, by text', () => {
  let app: StaffApp;
  let officer: ReturnType<typeof request.agent>;

  useConsoleWithLeader('cora', (started) => ({ app, leader: officer } = started));

  /**
   * A report from this phone, investigated and closed; the survey's two numbers answered, so it asks for their
   * own words. The conversation that made the report has long ended (as it has the next morning).
   */
  async function askedForWords(from: string, overrides: DraftOverrides = {}): Promise<{ reference: string; caseId: string }> {
    const made = await reportFrom(app, 'sms', from, overrides);
    await app.db.connection.collection('sessions').deleteMany({ conversationKey: conversationKey(app.config.secrets.hashSecret, 'sms', from) });
    const api = twilioApi();
    await investigateAndClose(officer, made.reference);
    expect(api.bodies).toHaveLength(1);
    await textUs(app, 'sms', from, '2');
    await textUs(app, 'sms', from, '1');
    return made;
  }
  const events = async (caseId: string, type: string) => app.db.connection.collection('case_events').countDocuments({ caseId, type });
  /** The survey's thanks for a comment kept; the conversation's own opening also begins "Thank you for telling us". */
  const SURVEY_THANKS = /To report something new/;
  const STARTED = /We have kept what you wrote and it will be part of your report/;

  it('"again" the next morning starts a new report, is not filed as a comment on the closed case, and the survey no longer waits', async () => {
    const from = '+447700900861';
    const { caseId } = await askedForWords(from);
    const reply = (await textUs(app, 'sms', from, "they've started again, banging on my door at 2am and shouting that they'll get me")).join('\n');
    expect(reply).not.toMatch(SURVEY_THANKS);
    // The conversation's answer to danger first, and their words kept as the start of a new report.
    expect(reply).toMatch(/call 999/);
    expect(reply).toMatch(STARTED);
    expect(await events(caseId, 'survey.comment')).toBe(0);
    // What they send next ("1", carry on) is the report's, not a late comment on the closed case.
    const next = (await textUs(app, 'sms', from, '1')).join('\n');
    expect(next).not.toMatch(SURVEY_THANKS);
    expect(next).toMatch(/\?/);
    expect(await events(caseId, 'survey.comment')).toBe(0);
  });

  it('"again" in Polish, on a Polish case, starts a new report in Polish and is not filed as a comment', async () => {
    const from = '+447700900862';
    const { caseId } = await askedForWords(from, { locale: 'pl' });
    const reply = (await textUs(app, 'sms', from, 'Znowu walą w moje drzwi w nocy i krzyczą')).join('\n');
    expect(reply).not.toMatch(/Aby zgłosić coś nowego/);
    expect(reply).toMatch(/[ąęłńóśźż]/);
    expect(await events(caseId, 'survey.comment')).toBe(0);
  });

  it('a plain new report ("dealing drugs outside the block") starts a report and is not filed as a comment', async () => {
    const from = '+447700900863';
    const { caseId } = await askedForWords(from);
    const reply = (await textUs(app, 'sms', from, "my neighbour's son keeps dealing drugs outside the block")).join('\n');
    expect(reply).not.toMatch(SURVEY_THANKS);
    expect(await events(caseId, 'survey.comment')).toBe(0);
    expect(reply).toMatch(STARTED);
  });

  it('"Can I speak to the officer?" goes to the conversation as a request, is not filed as a comment, and the survey no longer waits', async () => {
    const from = '+447700900865';
    const { caseId } = await askedForWords(from);
    const reply = (await textUs(app, 'sms', from, 'Can I speak to the officer?')).join('\n');
    expect(reply).not.toMatch(SURVEY_THANKS);
    // The conversation answers it, beginning as it begins every request: is the person safe now.
    expect(reply).toMatch(/are you in danger right now\?/);
    expect(await events(caseId, 'survey.comment')).toBe(0);
    expect((await textUs(app, 'sms', from, 'thanks')).join('\n')).not.toMatch(SURVEY_THANKS);
    expect(await events(caseId, 'survey.comment')).toBe(0);
  });

  it('a short comment is kept sealed and the thanks says how to report something new; the same webhook again is answered once', async () => {
    const from = '+447700900864';
    const { reference, caseId } = await askedForWords(from);
    const sid = `SM${'b'.repeat(31)}7`;
    const thanks = (await textUs(app, 'sms', from, 'they were helpful but slow', sid)).join('\n');
    expect(thanks).toMatch(/Thank you for telling us\. To report something new, just send us a message saying what happened\./);
    // Twilio sending the same message again: the same answer, and the comment is not kept twice.
    expect((await textUs(app, 'sms', from, 'they were helpful but slow', sid)).join('\n')).toBe(thanks);
    expect(await events(caseId, 'survey.comment')).toBe(1);
    expect((await officer.get(`/staff/cases/${reference}`)).text).toContain('they were helpful but slow');
    expect(JSON.stringify(await app.db.connection.collection('case_events').find({ caseId }).toArray())).not.toContain('helpful but slow');
    // And what they send after it is the conversation's.
    expect((await textUs(app, 'sms', from, 'ok thanks')).join('\n')).not.toMatch(SURVEY_THANKS);
    expect(await events(caseId, 'survey.comment')).toBe(1);
  });
});
