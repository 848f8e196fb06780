// A conversation handed to a person belongs to the officer before anything in front of the conversation: a "3"
// texted while an officer has the conversation reaches the officer, and is not taken as the answer to a closing
// survey sent earlier on the same number; once the officer gives the conversation back, a number answers the
// survey again. Through the signed Twilio webhook of the app as composed for production (REST API stood in by nock).
import request from 'supertest';
import { conversationKey } from '../../src/crypto/keyed-hash';
import type { StaffApp } from './support/staff-app';
import { investigateAndClose, reportFrom, textUs, twilioApi, useConsoleWithLeader } from './support/twilio-console';

let app: StaffApp;
let officer: ReturnType<typeof request.agent>;

useConsoleWithLeader('hana', (started) => ({ app, leader: officer } = started));

const surveyOf = async (caseId: string) => (await app.db.connection.collection('cases').findOne({ _id: caseId as never }))?.['survey'] as Record<string, unknown> | undefined;

it('a number texted during a live hand-off reaches the officer, not the closing survey; after hand-back it answers the survey', async () => {
  const from = '+447700900851';
  const { reference, caseId } = await reportFrom(app, 'sms', from);
  const api = twilioApi();
  await investigateAndClose(officer, reference);
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
