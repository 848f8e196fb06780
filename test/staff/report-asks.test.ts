// A reporter asking how their report is going, by text, with its reference (and their code word, when they chose
// one), through the signed webhooks of the app as composed for production: the stage in plain words and the next
// step, nothing else; a guessed reference or a wrong code word gets the same neutral answer, and too many wrong
// tries are stopped; "again" with the reference adds a dated entry to the open case and tells the officer.
import request from 'supertest';
import { segmentCount } from '../../src/channels/twilio/render';
import type { StaffApp } from './support/staff-app';
import { reportFrom, textUs, useConsoleWithLeader } from './support/twilio-console';

let app: StaffApp;
let officer: ReturnType<typeof request.agent>;

useConsoleWithLeader('ria', (started) => ({ app, leader: officer } = started));

const ask = async (from: string, text: string) => (await textUs(app, 'sms', from, text)).join('\n');
const NEUTRAL = /could not find a report with that reference/;

it('with the reference and the code word they chose: the stage and the next step; without the code word, the neutral answer', async () => {
  const { reference } = await reportFrom(app, 'sms', '+447700900901', { safeContact: { channels: ['sms'], codeWord: 'bluebell' } });
  const someoneElse = '+447700900902';
  expect(await ask(someoneElse, reference)).toMatch(NEUTRAL);
  expect(await ask(someoneElse, `${reference} tulip`)).toMatch(NEUTRAL);

  const answer = await ask(someoneElse, `${reference.toLowerCase()} Bluebell`);
  expect(answer).toContain(`Your report ${reference} has been received`);
  expect(answer).toMatch(/We will contact you by (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+/);
  expect(answer).toMatch(/Call 999/);
  // Nothing about what was reported or who.
  expect(answer).not.toMatch(/fire|bins|Bins/);
  for (const text of (await textUs(app, 'sms', someoneElse, `${reference} bluebell`))) expect(segmentCount(text)).toBeLessThanOrEqual(2);
});

it('an eight-letter word on its own is an answer, not a reference: a code word like bluebell, or thursday for when', async () => {
  for (const word of ['bluebell', 'Thursday', 'WHATEVER']) expect(await ask('+447700900907', word)).not.toMatch(NEUTRAL);
  // With an asking word beside it, eight plain letters are read as a reference.
  expect(await ask('+447700900908', 'status BLUEBELL')).toMatch(NEUTRAL);
});

it('two four-letter words side by side are words, not a reference: "again … that they …" starts a report, and "last week" is an answer', async () => {
  const reply = await ask('+447700900911', "they've started again, banging on my door at 2am and shouting that they'll get me");
  expect(reply).not.toMatch(NEUTRAL);
  expect(reply).toMatch(/it will be part of your report/);
  expect(await ask('+447700900912', 'last week')).not.toMatch(NEUTRAL);
  // With an asking word beside them, and nothing else, they are read as a reference.
  expect(await ask('+447700900913', 'status ABCD EFGH')).toMatch(NEUTRAL);
});

it('a reference that names no case gets the same answer as a wrong code word, and too many wrong tries are stopped', async () => {
  const { reference } = await reportFrom(app, 'sms', '+447700900903');
  const guesser = '+447700900904';
  for (const guess of ['ABCD-EFGH', 'HJKL-MNPQ', 'RSTU-VWXY', 'Z234-5678', 'ZZZZ-ZZZZ']) expect(await ask(guesser, guess)).toMatch(NEUTRAL);
  // Even a real reference is not answered once the limit is reached.
  const stopped = await ask(guesser, reference);
  expect(stopped).toMatch(/Too many tries/);
  expect(stopped).not.toContain(reference);
  // Someone else, with the right reference, is answered.
  expect(await ask('+447700900905', `status ${reference}`)).toContain(`Your report ${reference} has been received`);
});

it('"again" with the reference adds a dated entry to the open case, sealed, and tells the officer; it is not a new case', async () => {
  const from = '+447700900906';
  const { reference, caseId } = await reportFrom(app, 'sms', from);
  const cases = async () => app.db.connection.collection('cases').countDocuments();
  const before = await cases();
  const reply = await ask(from, `It happened again ${reference}: loud music and shouting until 3am`);
  expect(reply).toContain(`added this to your report ${reference}`);
  expect(reply).toMatch(/call 999/i);
  expect(await cases()).toBe(before);

  const page = (await officer.get(`/staff/cases/${reference}`)).text;
  expect(page).toContain('loud music and shouting until 3am');
  expect(page).toContain('New incident from the reporter');
  const stored = JSON.stringify(await app.db.connection.collection('case_events').find({ caseId }).toArray());
  expect(stored).toContain('incident.added');
  expect(stored).not.toContain('loud music');
});

it('a reference inside a longer message, or with danger in it, is left to the conversation; danger in a new incident is answered first', async () => {
  expect(await ask('+447700900907', 'my neighbour wrote ABCD-EFGH on my door with paint last night and I am scared')).not.toMatch(NEUTRAL);
  expect(await ask('+447700900907', 'ABCD-EFGH he is here now')).not.toMatch(NEUTRAL);
  const from = '+447700900908';
  const { reference } = await reportFrom(app, 'sms', from);
  const reply = await ask(from, `again ${reference} he is outside my door now with a knife`);
  expect(reply).toMatch(/If you are in danger now, call 999/);
  expect(reply).toContain(`added this to your report ${reference}`);
});
