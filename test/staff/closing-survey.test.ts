// Closing a case with an outcome from the pack, as an officer does it from the case page, through the app as
// composed for production with Twilio's REST API stood in by nock: an investigated case the reporter can be
// reached on gets the closure and a 1-5 survey by text; their numbers sent back are stored on the case's one
// survey record and counted by the performance report. Never sent when the case was not investigated, to an
// anonymous report, to someone whose messages someone else may read, or outside their safe times.
import nock from 'nock';
import request from 'supertest';
import { segmentCount } from '../../src/channels/twilio/render';
import { localDate } from '../../src/policy/working-days';
import { draftInput, type DraftOverrides } from '../cases/support/drafts';
import type { StaffApp } from './support/staff-app';
import { investigateAndClose as closeInvestigated, moveCase, reportFrom, safeTimes, sayOthersReadNow, textUs, twilioApi, useConsoleWithLeader } from './support/twilio-console';

let app: StaffApp;
let officer: ReturnType<typeof request.agent>;

useConsoleWithLeader('tess', (started) => ({ app, leader: officer } = started));

const move = (reference: string, status: string, outcome = '') => moveCase(officer, reference, status, outcome);
const investigateAndClose = (reference: string) => closeInvestigated(officer, reference);
const surveyOf = async (caseId: string) => (await app.db.connection.collection('cases').findOne({ _id: caseId as never }))?.['survey'] as Record<string, unknown> | undefined;

it('closing an investigated case texts the closure and a 1-5 question; the two numbers sent back are stored and counted by the report', async () => {
  const from = '+447700900801';
  const { reference, caseId } = await reportFrom(app, 'sms', from);
  const api = twilioApi();
  const page = await investigateAndClose(reference);
  expect(page).toContain('The status has been changed.');

  expect(api.bodies).toHaveLength(1);
  const question = api.bodies[0]?.['Body'] ?? '';
  expect(api.bodies[0]).toMatchObject({ To: from });
  expect(question).toContain(`your report ${reference} is now closed`);
  expect(question).toMatch(/Reply 1 very satisfied.*5 very dissatisfied/);
  expect(segmentCount(question)).toBeLessThanOrEqual(2);
  expect(await surveyOf(caseId)).toMatchObject({ sentAt: expect.any(Date) });

  const second = await textUs(app, 'sms', from, '2', `SM${'a'.repeat(31)}1`);
  expect(second.join('\n')).toMatch(/satisfied are you with the outcome/);
  // Twilio sending the same message again is not a second answer.
  expect((await textUs(app, 'sms', from, '2', `SM${'a'.repeat(31)}1`)).join('\n')).toMatch(/with the outcome/);
  expect(await surveyOf(caseId)).toMatchObject({ approach: 'fairly_satisfied' });
  expect((await surveyOf(caseId))?.['answeredAt']).toBeUndefined();

  const askWords = await textUs(app, 'sms', from, '1');
  expect(askWords.join('\n')).toMatch(/anything else you would like to tell us.*Reply in your own words, or ignore this message/);
  expect(await surveyOf(caseId)).toMatchObject({ approach: 'fairly_satisfied', outcome: 'very_satisfied', answeredAt: expect.any(Date) });
  // One reply in their own words: kept, sealed, in the case's history.
  const words = 'The officer was kind but it took three weeks';
  expect((await textUs(app, 'sms', from, words)).join('\n')).toMatch(/Thank you for telling us/);
  expect((await officer.get(`/staff/cases/${reference}`)).text).toContain(words);
  expect(JSON.stringify(await app.db.connection.collection('case_events').find({ caseId }).toArray())).not.toContain('three weeks');

  // The performance report's case rows (what its satisfaction figures count) have both answers.
  const today = localDate(new Date(), 'Europe/London');
  const csv = await officer.get(`/staff/reports/cases.csv?from=${today}&to=${today}`);
  expect(csv.status).toBe(200);
  expect(csv.text.split('\n').find((line) => line.startsWith(reference))).toMatch(/fairly_satisfied,very_satisfied\s*$/);
  // After the survey a number, or anything else, is the conversation's again.
  expect((await textUs(app, 'sms', from, '3')).join('\n')).not.toMatch(/Thank you for telling us/);
});

it('sends no survey when the case was closed without being investigated, and the history says why', async () => {
  const { reference, caseId } = await reportFrom(app, 'sms', '+447700900802');
  const api = twilioApi();
  const page = await move(reference, 'closed', 'noFurtherAction');
  expect(api.scope.isDone()).toBe(false);
  expect(await surveyOf(caseId)).toBeUndefined();
  expect(page).toContain('Satisfaction survey not sent');
  expect(page).toContain('The case was closed before it was investigated.');
});

const noSurvey: [string, DraftOverrides, string][] = [
  ['to someone whose messages someone else may read', { safeContact: { channels: ['sms'], othersReadMessages: true } }, 'Someone else may read their messages.'],
  ['outside the times they said are safe', { safeContact: { channels: ['sms'], safeTimes: safeTimes(3, 1) } }, 'It was outside their safe times.'],
  ['to someone who chose only phone calls', { safeContact: { channels: ['phone'] } }, 'They did not choose texts or WhatsApp.'],
];
it.each(noSurvey)('sends no survey %s', async (_name, overrides, why) => {
  const { reference, caseId } = await reportFrom(app, 'sms', `+4477009008${10 + noSurvey.findIndex((row) => row[2] === why)}`, overrides);
  const api = twilioApi();
  const page = await investigateAndClose(reference);
  expect(api.scope.isDone()).toBe(false);
  expect(await surveyOf(caseId)).toBeUndefined();
  expect(page).toContain(why);
});

it('sends no survey, not even the neutral "new message", when a later conversation on their number said someone else may read their messages', async () => {
  const from = '+447700900830';
  const { reference, caseId } = await reportFrom(app, 'sms', from);
  await sayOthersReadNow(app, 'sms', from);
  const api = twilioApi();
  const page = await investigateAndClose(reference);
  expect(api.scope.isDone()).toBe(false);
  expect(await surveyOf(caseId)).toBeUndefined();
  expect(page).toContain('Someone else may read their messages.');
});

it('sends no survey to an anonymous report', async () => {
  const { reference, caseId } = await app.services.cases.submitReport(draftInput({ anonymity: 'anonymous' }));
  const api = twilioApi();
  const page = await investigateAndClose(reference);
  expect(api.scope.isDone()).toBe(false);
  expect(await surveyOf(caseId)).toBeUndefined();
  expect(page).toContain('Anonymous report: there is no way to reach them.');
});

it('a survey refused for their safe times goes when housekeeping next runs within them, once', async () => {
  const from = '+447700900820';
  const { reference, caseId } = await reportFrom(app, 'sms', from, { safeContact: { channels: ['sms'], safeTimes: safeTimes(3, 2) } });
  const none = twilioApi();
  expect(await investigateAndClose(reference)).toContain('It was outside their safe times.');
  await app.services.housekeeping.run();
  expect(none.scope.isDone()).toBe(false);
  expect(await surveyOf(caseId)).toBeUndefined();
  nock.cleanAll();
  try {
    // Three and a half hours later it is within the times they gave.
    app.clock.offsetMs = 3.5 * 3600_000;
    // (The survey held back in the test above, for a later hour of the same day, goes too.)
    const api = twilioApi(3);
    await app.services.housekeeping.run();
    await app.services.housekeeping.run();
    const ours = api.bodies.filter((b) => b['To'] === from);
    expect(ours).toHaveLength(1);
    expect(ours[0]?.['Body']).toContain(`your report ${reference} is now closed`);
    expect(await surveyOf(caseId)).toMatchObject({ sentAt: expect.any(Date) });
    expect((await textUs(app, 'sms', from, '1')).join('\n')).toMatch(/with the outcome/);
  } finally {
    app.clock.offsetMs = 0;
  }
});
