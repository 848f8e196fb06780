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
