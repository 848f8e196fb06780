// A conversation handed to a person belongs to the officer before anything in front of the conversation: a "3"
// texted while an officer has the conversation reaches the officer, and is not taken as the answer to a closing
// survey sent earlier on the same number; once the officer gives the conversation back, a number answers the
// survey again. Through the signed Twilio webhook of the app as composed for production (REST API stood in by nock).
import nock from 'nock';
import request from 'supertest';
import { conversationKey } from '../../src/crypto/keyed-hash';
import { csrfOf, type StaffApp } from './support/staff-app';
import { consoleWithLeader, reportFrom, textUs, twilioApi } from './support/twilio-console';

let app: StaffApp;
let officer: ReturnType<typeof request.agent>;

beforeAll(async () => {
  ({ app, leader: officer } = await consoleWithLeader('hana'));
}, 60_000);
afterAll(async () => app?.close());
afterEach(() => nock.cleanAll());

async function move(reference: string, status: string, outcome = ''): Promise<void> {
  const page = await officer.get(`/staff/cases/${reference}`);
  const revision = /name="revision" value="(\d+)"/.exec(page.text)?.[1] ?? '';
  expect((await officer.post(`/staff/cases/${reference}/status`).type('form').send({ _csrf: csrfOf(page.text), revision, status, outcome })).status).toBe(303);
}
const surveyOf = async (caseId: string) => (await app.db.connection.collection('cases').findOne({ _id: caseId as never }))?.['survey'] as Record<string, unknown> | undefined;

it('a number texted during a live hand-off reaches the officer, not the closing survey; after hand-back it answers the survey', async () => {
  const from = '+447700900851';
  const { reference, caseId } = await reportFrom(app, 'sms', from);
  const api = twilioApi();
  await move(reference, 'acknowledged');
  await move(reference, 'investigating');
  await move(reference, 'closed', 'resolvedMediation');
  expect(api.bodies[0]?.['Body']).toMatch(/Reply 1 very satisfied/);

  // They ask for a person on the same number, and an officer takes the conversation.
  const handoffs = app.services.handoffs;
  const { handoffId } = await handoffs.service.requestHandoff({ key: 'handoff-first-1', sessionId: 'handoff-first-session', conversationKey: conversationKey(app.config.secrets.hashSecret, 'sms', from), channel: 'sms', reason: 'asked', summary: {} });
  const person = { id: 'officer-hana', name: 'Hana' };
  expect((await handoffs.claims.claim(handoffId, person)).ok).toBe(true);

  expect(await textUs(app, 'sms', from, '3')).toEqual([]);
  expect((await surveyOf(caseId))?.['approach']).toBeUndefined();
  const log = await handoffs.service.read(handoffId, 0);
  expect(log?.messages.filter((m) => m.from === 'reporter').map((m) => m.text)).toEqual(['3']);

  // Given back to the assistant: the next number is the survey's answer again.
  expect((await handoffs.claims.handBack(handoffId, person, 'finish')).ok).toBe(true);
  expect((await textUs(app, 'sms', from, '2')).join('\n')).toMatch(/satisfied are you with the outcome/);
  expect(await surveyOf(caseId)).toMatchObject({ approach: 'fairly_satisfied' });
});
