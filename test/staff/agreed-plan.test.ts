// The plan agreed with the reporter, as officers keep it from the case page of the app as composed for production:
// actions with an owner and a due date (the words sealed), an update frequency in the pack's working days and the
// next update due, which an update sent to the reporter moves; three weeks on, the team leader's list shows the
// cases whose update is overdue, and an officer without that permission cannot open it.
import request from 'supertest';
import { addWorkingDays } from '../../src/policy/working-days';
import { csrfOf, firstSignIn, signIn, type StaffApp } from './support/staff-app';
import { reportFrom, sendUpdate, twilioApi, useConsoleWithLeader } from './support/twilio-console';

let app: StaffApp;
let officer: ReturnType<typeof request.agent>;

useConsoleWithLeader('pia', (started) => ({ app, leader: officer } = started));

const DAY = 86_400_000;
const now = () => new Date(Date.now() + app.clock.offsetMs);

/** As the officer does it: a form in the plan section, posted with the revision on the page; the page after. */
async function plan(agent: ReturnType<typeof request.agent>, reference: string, what: 'action' | 'done' | 'frequency', fields: Record<string, string>, revision?: string): Promise<string> {
  const page = await agent.get(`/staff/cases/${reference}`);
  expect(page.status).toBe(200);
  const seen = revision ?? /name="revision" value="(\d+)"/.exec(page.text)?.[1] ?? '';
  const res = await agent.post(`/staff/cases/${reference}/plan/${what}`).type('form').send({ _csrf: csrfOf(page.text), revision: seen, ...fields });
  expect(res.status).toBe(303);
  return (await agent.get(`/staff/cases/${reference}`)).text;
}

const planOf = async (caseId: string) => app.db.connection.collection('case_plans').findOne({ _id: caseId as never });

it('records actions with owners and due dates, sealed, marks one done, and shows the agreed frequency and the next update due', async () => {
  const { reference, caseId } = await reportFrom(app, 'sms', '+447700900601');
  let page = await plan(officer, reference, 'action', { owner: 'landlord', description: 'Visit the neighbour at number 12 about the bins', due: '2030-01-14' });
  expect(page).toContain('Action added to the plan.');
  page = await plan(officer, reference, 'action', { owner: 'reporter', description: 'Keep the diary sheets of each fire', due: '2030-01-21' });
  expect(page).toContain('Visit the neighbour at number 12 about the bins');
  expect(page).toMatch(/Us<\/td><td class="govuk-table__cell">Monday 14 January 2030/);
  expect(page).toMatch(/The reporter<\/td><td class="govuk-table__cell">Monday 21 January 2030/);
  expect(page).toContain('No update frequency agreed yet.');

  page = await plan(officer, reference, 'frequency', { every: '10' });
  expect(page).toContain('They hear from us every 10 working days.');
  const due = addWorkingDays(now(), 10, app.services.pack.calendar, 'receipt');
  expect((await planOf(caseId))?.['nextUpdateDue']).toEqual(due);
  expect(page).toMatch(/Next update due: \w{3}, \d{1,2} \w{3} \d{4}/);
  expect(page).toContain('Plan: update frequency agreed');

  const actionId = /name="action" value="([^"]+)"/.exec(page)?.[1] ?? '';
  page = await plan(officer, reference, 'done', { action: actionId });
  expect(page).toContain('Action marked done.');
  expect(page).toMatch(/Done \w{3}, \d{1,2} \w{3} \d{4}/);

  // What the officer wrote is sealed on the plan and in the history.
  const stored = JSON.stringify([await planOf(caseId), await app.db.connection.collection('case_events').find({ caseId }).toArray()]);
  expect(stored).not.toContain('number 12');
  expect(stored).not.toContain('diary sheets');
});

it('refuses a plan change it cannot make, and one made on a page someone else has changed since', async () => {
  const { reference } = await reportFrom(app, 'sms', '+447700900602');
  expect(await plan(officer, reference, 'frequency', { every: '0' })).toContain('Give a whole number of working days from 1 to 60.');
  expect(await plan(officer, reference, 'action', { owner: 'landlord', description: 'Call them', due: 'next week' })).toContain('Give the date it is due by.');
  expect(await plan(officer, reference, 'action', { owner: 'nobody', description: 'Call them', due: '2030-01-14' })).toContain('Choose who does it');
  const stale = /name="revision" value="(\d+)"/.exec((await officer.get(`/staff/cases/${reference}`)).text)?.[1] ?? '';
  await plan(officer, reference, 'frequency', { every: '5' });
  const page = await plan(officer, reference, 'frequency', { every: '20' }, stale);
  expect(page).toContain('Someone else changed this case while you were looking at it');
  expect(page).toContain('They hear from us every 5 working days.');
});

it('three weeks on, the team leader sees the overdue updates; an update sent moves the next one due and takes the case off the list', async () => {
  const late = await reportFrom(app, 'sms', '+447700900603');
  const onTime = await reportFrom(app, 'sms', '+447700900604');
  await plan(officer, late.reference, 'frequency', { every: '10' });
  await plan(officer, onTime.reference, 'frequency', { every: '30' });

  // Another team leader and an officer of the same team, who sign in three weeks later.
  const people = await Promise.all(
    (['teamLeader', 'nso'] as const).map(async (role, i) => {
      const username = `plan-${role}-${i}`;
      const account = await app.services.staff.accounts.create({ username, displayName: username, teamId: 'neighbourhoodServices', roles: [role] });
      const { secret } = await firstSignIn(request.agent(app.services.app), username, account.password!, `${username} long password`, app.clock);
      return { username, secret };
    }),
  );
  app.clock.offsetMs += 21 * DAY;
  const [leader, nso] = await Promise.all(
    people.map(async (p) => {
      const agent = request.agent(app.services.app);
      await signIn(agent, p.username, `${p.username} long password`, p.secret, app.clock);
      return agent;
    }),
  );

  const list = await leader!.get('/staff/updates-due');
  expect(list.status).toBe(200);
  expect(list.text).toContain(late.reference);
  expect(list.text).not.toContain(onTime.reference);
  expect(list.text).toContain('(every 10 working days)');
  expect((await leader!.get(`/staff/cases/${late.reference}`)).text).toContain('Next update overdue');

  const api = twilioApi();
  await sendUpdate(leader!, late.reference, 'We spoke to your neighbour again today.');
  expect(api.scope.isDone()).toBe(true);
  expect((await planOf(late.caseId))?.['nextUpdateDue']).toEqual(addWorkingDays(now(), 10, app.services.pack.calendar, 'receipt'));
  expect((await leader!.get('/staff/updates-due')).text).not.toContain(late.reference);

  // An officer without the permission gets neither the page nor its link.
  expect((await nso!.get('/staff/updates-due')).status).toBe(403);
  expect((await nso!.get('/staff/queue')).text).not.toContain('/staff/updates-due');
});
