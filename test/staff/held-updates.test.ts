// The neutral message's promise kept: an officer's update that could go only as "You have a new message … Reply to
// read it" goes when the reporter replies on that channel, through the signed webhooks of the app as composed for
// production with Twilio's REST API stood in by nock; their reply does not start a new report. In discreet mode
// the words go only with their code word when they chose one, and never by text when they said someone else may
// read their messages and chose none. The case shows when the words went.
import request from 'supertest';
import { contactHash, conversationKey } from '../../src/crypto/keyed-hash';
import type { StaffApp } from './support/staff-app';
import { NEUTRAL_SID, reportFrom, sendUpdate, textUs, twilioApi, useConsoleWithLeader } from './support/twilio-console';

let app: StaffApp;
let officer: ReturnType<typeof request.agent>;

useConsoleWithLeader('hana', (started) => ({ app, leader: officer } = started));

const NEUTRAL_SMS = 'You have a new message from One Vision Housing. Reply to read it.';
const page = async (reference: string) => (await officer.get(`/staff/cases/${reference}`)).text;
/** What the intake's first question looks like: a reply that started a new report would get it. */
const NEW_REPORT = /danger/i;

it('outside the WhatsApp window: the neutral template goes, and their reply brings the words, once, without starting a new report', async () => {
  const from = 'whatsapp:+447700900751';
  const { reference } = await reportFrom(app, 'whatsapp', from, { safeContact: { channels: ['whatsapp'] } });
  const key = conversationKey(app.config.secrets.hashSecret, 'whatsapp', from);
  await app.services.outbound!.recordInbound({ channel: 'whatsapp', conversationKey: key, contactHash: contactHash(app.config.secrets.hashSecret, from), address: from, at: new Date(Date.now() - 25 * 3600_000) });
  const neutral = twilioApi();
  const words = 'We have booked a visit for Tuesday at 10.';
  await sendUpdate(officer, reference, words);
  expect(neutral.bodies).toEqual([expect.objectContaining({ To: from, ContentSid: NEUTRAL_SID })]);

  const api = twilioApi(2);
  const sid = `SM${'b'.repeat(31)}1`;
  const replies = await textUs(app, 'whatsapp', from, 'Hi, what is it?', sid);
  expect(replies.join('\n')).not.toMatch(NEW_REPORT);
  expect(api.bodies).toHaveLength(1);
  expect(api.bodies[0]).toMatchObject({ To: from });
  expect(api.bodies[0]?.['Body']).toContain(words);
  expect(api.bodies[0]?.['Body']).toContain(reference);
  const shown = await page(reference);
  expect(shown).toContain('WhatsApp, neutral message only: waiting to go');
  expect(shown).toContain('WhatsApp, after they replied: waiting to go');
  expect(shown).toContain('Update given to the reporter: they replied to the neutral message');

  // Twilio sending the same reply again sends nothing more; their next message is the conversation's again.
  await textUs(app, 'whatsapp', from, 'Hi, what is it?', sid);
  expect(api.bodies).toHaveLength(1);
  expect((await textUs(app, 'whatsapp', from, 'hello')).join('\n')).toMatch(NEW_REPORT);
});

it('in discreet mode with a code word: a reply without it is asked for it, danger is answered first, and the words go only with the code word', async () => {
  const from = '+447700900752';
  const { reference } = await reportFrom(app, 'sms', from, { safety: { immediateDangerAtStart: false, safeToTalk: false }, safeContact: { channels: ['sms'], codeWord: 'bluebell' } });
  const neutral = twilioApi();
  const words = 'The court date is set for the 14th.';
  await sendUpdate(officer, reference, words);
  expect(neutral.bodies.map((b) => b['Body'])).toEqual([NEUTRAL_SMS]);

  const api = twilioApi();
  expect(await textUs(app, 'sms', from, 'what message?')).toEqual(['To read your message, reply with your code word.']);
  expect((await textUs(app, 'sms', from, 'he is here now with a knife')).join('\n')).toMatch(/999/);
  expect(api.bodies).toHaveLength(0);

  expect(await textUs(app, 'sms', from, 'Bluebell')).toEqual([]);
  expect(api.bodies).toHaveLength(1);
  expect(api.bodies[0]).toMatchObject({ To: from });
  expect(api.bodies[0]?.['Body']).toContain(words);
  expect(await page(reference)).toContain('SMS, after they replied: waiting to go');
});

it('when they said someone else may read their messages and chose no code word, the words never go by text; they are told we will contact them, and the officer is told', async () => {
  const from = '+447700900753';
  const { reference } = await reportFrom(app, 'sms', from, { safeContact: { channels: ['sms', 'phone'], othersReadMessages: true } });
  const neutral = twilioApi();
  const words = 'The injunction against your partner was granted today.';
  await sendUpdate(officer, reference, words);
  expect(neutral.bodies.map((b) => b['Body'])).toEqual([NEUTRAL_SMS]);

  const api = twilioApi();
  expect(await textUs(app, 'sms', from, 'who is this?')).toEqual(['Thank you. We will contact you in the way you chose, at a safe time.']);
  expect(api.bodies).toHaveLength(0);
  expect(await page(reference)).toContain('Update not given by text: they replied, but someone else may read their messages.');
  // The words were never sent: only the neutral message is on record for this conversation.
  expect(JSON.stringify(await app.db.connection.collection('outbound_messages').find().toArray())).not.toContain('injunction');
});
