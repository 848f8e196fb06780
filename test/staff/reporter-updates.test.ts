// An officer's update to the reporter from the case page, as a signed-in officer's browser sends it, through the
// app as composed for production with Twilio's REST API stood in by nock: sent by text with its delivery status,
// within and outside safe times, to someone whose messages someone else may read, outside the WhatsApp window,
// to a number that replied STOP, to an anonymous report, and pressed twice. What the officer wrote is sealed.
import request from 'supertest';
import { segmentCount } from '../../src/channels/twilio/render';
import { contactHash, conversationKey } from '../../src/crypto/keyed-hash';
import { draftInput, type DraftOverrides } from '../cases/support/drafts';
import type { StaffApp } from './support/staff-app';
import { deliveryStatus, NEUTRAL_SID, reportFrom as report, safeTimes, sendUpdate as send, textUs, twilioApi, useConsoleWithLeader } from './support/twilio-console';

let app: StaffApp;
let officer: ReturnType<typeof request.agent>;

useConsoleWithLeader('una', (started) => ({ app, leader: officer } = started));

const reportFrom = async (channel: 'sms' | 'whatsapp', from: string, overrides: DraftOverrides = {}) => (await report(app, channel, from, overrides)).reference;

/** As the officer does it: open the case, write the update, send; the case page as it then is. */
const sendUpdate = (reference: string, words: string, revision?: string) => send(officer, reference, words, revision);

const sealedEverywhere = async (words: string) => {
  const stored = JSON.stringify([
    await app.db.connection.collection('cases').find().toArray(),
    await app.db.connection.collection('case_events').find().toArray(),
    await app.db.connection.collection('outbound_messages').find().toArray(),
  ]);
  expect(stored).not.toContain(words);
};

it('sends an update by text on the number they reported from, shows it on the case with its delivery status, and keeps the words sealed', async () => {
  const reference = await reportFrom('sms', '+447700900701');
  const api = twilioApi();
  const words = 'We visited your neighbour today and gave a warning. We will call you next week.';
  const { page } = await sendUpdate(reference, words);

  expect(api.scope.isDone()).toBe(true);
  expect(api.bodies[0]).toMatchObject({ To: '+447700900701', From: '+447700900000' });
  expect(api.bodies[0]?.['Body']).toContain(words);
  expect(api.bodies[0]?.['Body']).toContain(reference);
  expect(segmentCount(api.bodies[0]?.['Body'] ?? '')).toBeLessThanOrEqual(2);
  expect(page).toContain('Update sent by SMS.');
  expect(page).toContain(words);
  expect(page).toContain('SMS: waiting to go');

  await deliveryStatus(app, api.sids[0]!, 'delivered');
  expect((await officer.get(`/staff/cases/${reference}`)).text).toContain('SMS: delivered');
  await sealedEverywhere(words);
});

it('sends within the safe times they gave, and outside them sends nothing and says what would work instead', async () => {
  const within = await reportFrom('sms', '+447700900702', { safeContact: { channels: ['sms', 'phone'], safeTimes: safeTimes(-1, 2) } });
  const api = twilioApi();
  expect((await sendUpdate(within, 'Your case has been passed to the officer for your area.')).page).toContain('Update sent by SMS.');
  expect(api.scope.isDone()).toBe(true);

  const outside = await reportFrom('sms', '+447700900703', { safeContact: { channels: ['sms', 'phone'], safeTimes: safeTimes(2, 1), voicemailOk: false } });
  const none = twilioApi();
  const { page } = await sendUpdate(outside, 'We have spoken to the police about the damage.');
  expect(none.scope.isDone()).toBe(false);
  expect(page).toContain('Not sent: it is outside the times they said are safe');
  expect(page).toContain('What would work instead: a phone call at a safe time, leaving no voicemail.');
  // The attempt is on the case, marked as not sent.
  expect(page).toContain('We have spoken to the police about the damage.');
});

it('to someone whose messages someone else may read, only the neutral message goes, never the words', async () => {
  const reference = await reportFrom('sms', '+447700900704', { safeContact: { channels: ['sms'], othersReadMessages: true } });
  const api = twilioApi();
  const words = 'The injunction against your partner was granted today.';
  const { page } = await sendUpdate(reference, words);
  expect(api.bodies).toHaveLength(1);
  expect(api.bodies[0]?.['Body']).toBe('You have a new message from One Vision Housing. Reply to read it.');
  expect(JSON.stringify(api.bodies)).not.toContain('injunction');
  expect(page).toContain('Only a neutral message went by SMS');
  expect(page).toContain('SMS, neutral message only: waiting to go');
});

it('outside the WhatsApp 24-hour window sends the approved neutral template instead of the words', async () => {
  const from = 'whatsapp:+447700900705';
  const reference = await reportFrom('whatsapp', from, { safeContact: { channels: ['whatsapp'] } });
  // Their last message was yesterday: the window has closed.
  const key = conversationKey(app.config.secrets.hashSecret, 'whatsapp', from);
  await app.services.outbound!.recordInbound({ channel: 'whatsapp', conversationKey: key, contactHash: contactHash(app.config.secrets.hashSecret, from), address: from, at: new Date(Date.now() - 25 * 3600_000) });
  const api = twilioApi();
  const { page } = await sendUpdate(reference, 'We have booked a visit for Tuesday.');
  expect(api.bodies).toHaveLength(1);
  expect(api.bodies[0]).toMatchObject({ To: from, ContentSid: NEUTRAL_SID });
  expect(api.bodies[0]?.['Body']).toBeUndefined();
  expect(page).toContain('Only a neutral message went by WhatsApp');
});

it('sends nothing to a number that replied STOP, and says what would work instead', async () => {
  const reference = await reportFrom('sms', '+447700900706', { safeContact: { channels: ['sms', 'letter'] } });
  await textUs(app, 'sms', '+447700900706', 'STOP');
  const api = twilioApi();
  const { page } = await sendUpdate(reference, 'We have closed the repair job.');
  expect(api.scope.isDone()).toBe(false);
  expect(page).toContain('Not sent: they replied STOP, so nothing more can be sent to this number.');
  expect(page).toContain('What would work instead: a letter.');
});

it('sends by text to the number given in a web chat when they chose texts', async () => {
  const { reference } = await app.services.cases.submitReport(draftInput({ channel: 'webchat', safeContact: { channels: ['sms'], phone: '07700 900707' } }));
  const api = twilioApi();
  expect((await sendUpdate(reference, 'Thank you for your report. An officer has it now.')).page).toContain('Update sent by SMS.');
  expect(api.bodies[0]).toMatchObject({ To: '+447700900707' });
});

it('an anonymous report cannot be updated, and the case page says so', async () => {
  const { reference } = await app.services.cases.submitReport(draftInput({ anonymity: 'anonymous' }));
  const page = await officer.get(`/staff/cases/${reference}`);
  expect(page.text).toContain('Anonymous report: updates cannot be sent');
  expect(page.text).not.toContain(`/staff/cases/${reference}/update`);
  const api = twilioApi();
  const { page: after } = await sendUpdate(reference, 'Hello');
  expect(api.scope.isDone()).toBe(false);
  expect(after).toContain('Not sent: this report is anonymous.');
});

it('pressing send twice on the same page sends one update', async () => {
  const reference = await reportFrom('sms', '+447700900708');
  const api = twilioApi(2);
  const first = await sendUpdate(reference, 'We are looking into it.');
  const second = await sendUpdate(reference, 'We are looking into it.', first.revision);
  expect(api.bodies).toHaveLength(1);
  expect(second.page).toContain('Someone else changed this case while you were looking at it');
});

it('with a code word, the update carries it so they know it is us, within two texts; when it cannot go, a call is suggested as their voicemail choice allows', async () => {
  const reference = await reportFrom('sms', '+447700900709', { safeContact: { channels: ['sms', 'phone'], codeWord: 'bluebell', voicemailOk: true } });
  const page = (await officer.get(`/staff/cases/${reference}`)).text;
  expect(page).toContain('maxlength="220"');
  const api = twilioApi();
  const words = 'We have written to the people next door and asked them to stop. We will check again with you at the end of next week, and sooner if anything happens. '.padEnd(220, '.');
  await sendUpdate(reference, words);
  expect(api.bodies[0]?.['Body']).toContain('code word bluebell');
  expect(api.bodies[0]?.['Body']).toContain(words);
  expect(segmentCount(api.bodies[0]?.['Body'] ?? '')).toBeLessThanOrEqual(2);
  expect((await sendUpdate(reference, `${words}!`)).page).toContain('The update is too long for two text messages.');

  // STOP: nothing goes by text; they said a voicemail may be left, so a call is suggested without the warning.
  await textUs(app, 'sms', '+447700900709', 'STOP');
  const { page: after } = await sendUpdate(reference, 'Please call us back.');
  expect(after).toContain('What would work instead: a phone call at a safe time.');
});
