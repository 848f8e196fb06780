// "Again" with the reference of a case that has been closed, by text through the signed Twilio webhook: what they
// wrote starts a new report (a frightened person never has to write it twice; OVH 3.2.4, every report is answered
// within a working day), after one short line saying the old report is closed. Danger in it is answered first (999).
import request from 'supertest';
import { conversationKey } from '../../src/crypto/keyed-hash';
import type { DraftOverrides } from '../cases/support/drafts';
import type { StaffApp } from './support/staff-app';
import { investigateAndClose, reportFrom, textUs, twilioApi, useConsoleWithLeader } from './support/twilio-console';

let app: StaffApp;
let officer: ReturnType<typeof request.agent>;

useConsoleWithLeader('agnes', (started) => ({ app, leader: officer } = started));

/** A report from this phone, closed by its officer; the conversation that made it long ended (weeks later). */
async function closedReport(from: string, overrides: DraftOverrides = {}): Promise<{ reference: string; caseId: string }> {
  const made = await reportFrom(app, 'sms', from, overrides);
  twilioApi();
  await investigateAndClose(officer, made.reference);
  await app.db.connection.collection('sessions').deleteMany({ conversationKey: conversationKey(app.config.secrets.hashSecret, 'sms', from) });
  return made;
}

const ask = async (from: string, text: string) => (await textUs(app, 'sms', from, text)).join('\n');

/** Answers the intake as a person would (no danger, at home, confidential, by text) until it is sent; its reference. */
async function answerUntilSent(from: string, first: string): Promise<string> {
  let reply = first;
  const answers: [RegExp, string | RegExp][] = [
    [/in danger right now/, /^No$/], [/safe for you to message us now/, /^Yes$/], [/someone else (read|see)/, /^No/], [/Who is this report about/, /happened to me/],
    [/When did it happen/, 'last night'], [/Where did it happen/, /At my home/], [/tell us what happened/, 'they were shouting'], [/Send more if you want/, /finished/],
    [/How old are you/, /18 or over/], [/How would you like to report this/, /^Confidential|^With my name/], [/What is your name/, 'Sam'], [/code word/, 'SKIP'], [/Any other safe way/, /That's all/], [/Which phone number, email or address/, 'SKIP'], [/When is it safe to contact you/, 'any time'], [/voicemail/, /^No$/], [/Is that right/, /^Yes$/], [/send your report/, /Send my report/],
  ];
  for (let turn = 0; turn < 80; turn += 1) {
    if (/reference is [A-Z0-9]{4}-[A-Z0-9]{4}/.test(reply)) break;
    const question = reply.split('\n\n').at(-1) ?? '';
    const row = answers.find(([p]) => p.test(question));
    const options = [...question.matchAll(/^(\d+)\. (.+)$/gm)];
    let send: string;
    if (row && typeof row[1] === 'string') send = row[1];
    else if (row) send = options.find((o) => (row[1] as RegExp).test(o[2] ?? ''))?.[1] ?? '1';
    else if (/^\d+\. No$/m.test(question)) send = options.find((o) => o[2] === 'No')![1]!;
    else if (/SKIP/.test(question)) send = 'SKIP';
    else if (options.length) send = '1';
    else send = 'SKIP';
    reply = await ask(from, send);
  }
  return /reference is ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(reply)?.[1] ?? '';
}

const cases = async () => app.db.connection.collection('cases').countDocuments();

it('AGAIN with a closed case\'s reference starts a new report with what they wrote, saying first that the old one is closed', async () => {
  const from = '+447700900941';
  const { reference, caseId } = await closedReport(from);
  const before = await cases();
  const reply = await ask(from, `AGAIN ${reference} loud music and shouting until 3am, they kicked the door`);
  expect(reply.indexOf(`Your report ${reference} is closed, so we are starting a new report with what you wrote.`)).toBe(0);
  expect(reply).toMatch(/We have kept what you wrote and it will be part of your report/);
  // The intake's first question, not "send it again without the reference".
  expect(reply).toMatch(/are you in danger right now\?/);
  expect(reply).not.toMatch(/without the reference/);
  expect(await app.db.connection.collection('case_events').countDocuments({ caseId, type: 'incident.added' })).toBe(0);
  // Their answer to it is the report's (not a score for the closed case's survey), and the report goes on.
  const next = await ask(from, '2');
  expect(next).toMatch(/\?/);
  expect(next).not.toMatch(/How satisfied/);
  expect(await app.db.connection.collection('case_events').countDocuments({ caseId, type: { $in: ['survey.approach', 'survey.answered'] } })).toBe(0);
  expect(await cases()).toBe(before);
});

it('in Polish, on a Polish case: "ponownie" with the closed reference starts a new report in Polish', async () => {
  const from = '+447700900942';
  const { reference } = await closedReport(from, { locale: 'pl' });
  const reply = await ask(from, `ponownie ${reference} sąsiad znowu krzyczał i walił w drzwi w nocy`);
  expect(reply.indexOf(`Twoje zgłoszenie ${reference} jest zamknięte, więc zaczynamy nowe zgłoszenie`)).toBe(0);
  expect(reply).toMatch(/Zanim zaczniemy: czy grozi Ci teraz niebezpieczeństwo\?/);
  expect(reply).not.toMatch(/bez numeru/);
});

it('danger in it is answered first (999), then that the old report is closed, and what they wrote is kept for the new one', async () => {
  const from = '+447700900943';
  const { reference } = await closedReport(from);
  const reply = await ask(from, `again ${reference} he is outside my door now with a knife`);
  const danger = reply.search(/call 999/i);
  expect(danger).toBeGreaterThanOrEqual(0);
  expect(reply.indexOf(`Your report ${reference} is closed`)).toBeGreaterThan(danger);
  expect(reply).toMatch(/We have kept what you wrote and it will be part of your report/);
});

it('what they wrote is the new report\'s account, without the reference or code word, and the closed case\'s history says a new report was started', async () => {
  const from = '+447700900944';
  const { reference, caseId } = await closedReport(from, { safeContact: { channels: ['sms'], codeWord: 'bluebell' } });
  const reply = await ask(from, `AGAIN ${reference} Bluebell loud music and shouting until 3am, they kicked the door`);
  const made = await answerUntilSent(from, reply);
  const page = (await officer.get(`/staff/cases/${made}`)).text;
  expect(made).not.toBe(reference);
  const text = page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(text).toContain('What they told us AGAIN loud music and shouting until 3am, they kicked the door');
  // Their code word for the closed case is not part of the new report either.
  expect(text).not.toContain(reference);
  expect(text).not.toMatch(/bluebell/i);
  // The closed case is left as it was, but its officer can see the reporter came back.
  const closed = (await officer.get(`/staff/cases/${reference}`)).text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(closed).toContain('The reporter wrote again after it closed: a new report was started with what they wrote');
  expect(await app.db.connection.collection('case_events').countDocuments({ caseId, type: 'reporter.againAfterClosed' })).toBe(1);
});
