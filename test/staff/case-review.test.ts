// The Community Trigger (OVH 3.7.3 and 3.9.4; Anti-social Behaviour, Crime and Policing Act 2014 s104): once the
// pack's threshold is met (3 reports about the same problem in 6 months), the officer's next update tells the
// reporter of their right to an ASB Case Review, through the one outbound path (Twilio's REST API stood in by
// nock); once told, later updates do not repeat it. When only the neutral message may go (someone else may read
// their messages, as the report said or as a later conversation on their number did) the right is not sent in
// words, and the case history says so.
import nock from 'nock';
import request from 'supertest';
import { segmentCount } from '../../src/channels/twilio/render';
import type { DraftOverrides } from '../cases/support/drafts';
import type { StaffApp } from './support/staff-app';
import { reportFrom, sayOthersReadNow, sendUpdate, twilioApi, useConsoleWithLeader } from './support/twilio-console';

let app: StaffApp;
let officer: ReturnType<typeof request.agent>;

useConsoleWithLeader('cora', (started) => ({ app, leader: officer } = started));

const DAY = 86_400_000;
const RIGHT = /ASB Case Review/;

/** Three reports about the same problem from one phone over four months; the cases, oldest first. */
async function threeReports(phone: string, where: string, safeContact: DraftOverrides['safeContact'] = {}) {
  const cases = [];
  for (const daysAgo of [120, 60, 0]) {
    app.clock.offsetMs = -daysAgo * DAY;
    cases.push(await reportFrom(app, 'sms', phone, { incident: { categoryId: 'asb', subcategoryId: 'nuisance', description: 'Shouting at my door again.', where: { text: where } }, safeContact: { channels: ['sms'], phone, ...safeContact } }));
  }
  app.clock.offsetMs = 0;
  return cases;
}

it("the next update on a case that meets the threshold tells them of their right to an ASB Case Review, once, in two texts at most", async () => {
  const [first, , third] = await threeReports('+447700900801', 'outside number 4, Elm Road');

  // The first report did not meet the threshold: its update says nothing of a review.
  let api = twilioApi(2);
  await sendUpdate(officer, first!.reference, 'We have written to the household.');
  expect(api.bodies.map((b) => b['Body']).join('\n')).not.toMatch(RIGHT);
  nock.cleanAll();

  api = twilioApi(3);
  const { page } = await sendUpdate(officer, third!.reference, 'We are visiting the neighbour this week.');
  const bodies = api.bodies.map((b) => b['Body'] ?? '');
  expect(bodies.join('\n')).toContain('We are visiting the neighbour this week.');
  const notice = bodies.find((b) => RIGHT.test(b)) ?? '';
  expect(notice).toContain('You have reported this problem several times, so you can ask for an ASB Case Review (the Community Trigger). Ask us or your council.');
  expect(bodies.every((b) => segmentCount(b) <= 2)).toBe(true);
  expect(api.bodies.every((b) => b['To'] === '+447700900801')).toBe(true);
  expect(page).toContain('Told of their right to an ASB Case Review (the Community Trigger), with the update');
  nock.cleanAll();

  // Told once: the next update is only the officer's words.
  api = twilioApi(2);
  await sendUpdate(officer, third!.reference, 'The visit is booked for Thursday.');
  expect(api.bodies.length).toBeGreaterThan(0);
  expect(api.bodies.map((b) => b['Body']).join('\n')).not.toMatch(RIGHT);
});

it('when someone else may read their messages only the neutral message goes: the right is not sent in words, and the history says so', async () => {
  const [, , third] = await threeReports('+447700900802', 'the car park behind Oak Court', { othersReadMessages: true });
  const api = twilioApi(2);
  const { page } = await sendUpdate(officer, third!.reference, 'We have spoken to the police about the car park.');
  expect(api.bodies).toHaveLength(1);
  expect(api.bodies[0]?.['Body'] ?? '').not.toMatch(RIGHT);
  expect(api.bodies[0]?.['Body'] ?? '').not.toContain('car park');
  expect(page).toContain('Not told of their right to an ASB Case Review: only the neutral message could go.');
  expect(page).not.toContain('Told of their right to an ASB Case Review');
});

it('when a conversation on their number has since said someone else may read their messages, only the neutral message goes and the history does not say they were told', async () => {
  const phone = '+447700900803';
  const [, , third] = await threeReports(phone, 'the bin store at Ash Court');
  // Months later, texting us again, they say someone else can read their messages now (discreet mode).
  await sayOthersReadNow(app, 'sms', phone);

  const api = twilioApi(2);
  const { page } = await sendUpdate(officer, third!.reference, 'We have moved the bins and fitted a light.');
  expect(api.bodies).toHaveLength(1);
  expect(api.bodies[0]?.['Body'] ?? '').not.toMatch(RIGHT);
  expect(api.bodies[0]?.['Body'] ?? '').not.toContain('bins');
  expect(page).toContain('Not told of their right to an ASB Case Review: only the neutral message could go.');
  expect(page).not.toContain('Told of their right to an ASB Case Review');
});
