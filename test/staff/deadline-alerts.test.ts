// Deadlines that speak (issue 18), in the app as composed for production on the real embedded database: a case's
// first response, the agreed plan's action dates and the next update due raise an alert on the case page a few
// working hours before they pass and when they pass; two instances running the scheduled job at once raise each
// alert once (the lease picks one; the alert's key refuses a second); what is done raises nothing.
import nock from 'nock';
import request from 'supertest';
import { createLeaseStore } from '../../src/db/lease.mongo';
import { createScheduledJob } from '../../src/db/scheduled-job';
import { localDate } from '../../src/policy/working-days';
import { csrfOf, firstSignIn, signIn, type StaffApp } from './support/staff-app';
import { reportFrom, sendUpdate, startTwilioConsole, twilioApi } from './support/twilio-console';

let app: StaffApp;
let officer: ReturnType<typeof request.agent>;
let secret: string;
const PASSWORD = 'dee long password';

beforeAll(async () => {
  app = await startTwilioConsole();
  const account = await app.services.staff.accounts.create({ username: 'dee', displayName: 'Dee', teamId: 'neighbourhoodServices', roles: ['teamLeader'] });
  officer = request.agent(app.services.app);
  ({ secret } = await firstSignIn(officer, 'dee', account.password!, PASSWORD, app.clock));
}, 60_000);
afterAll(async () => app?.close());
afterEach(() => nock.cleanAll());

const HOUR = 3_600_000;
/** The app's clock set to an instant (the test's clock runs on from there). */
const setClock = (at: Date) => void (app.clock.offsetMs = at.getTime() - Date.now());

const caseDoc = async (caseId: string) => (await app.db.connection.collection('cases').findOne({ _id: caseId as never }))!;
const alertsOf = async (caseId: string) => app.db.connection.collection('case_alerts').find({ caseId }).sort({ at: 1 }).toArray();

/** A form on the case page, posted with the revision on the page, as the officer does it. */
async function post(reference: string, action: string, fields: Record<string, string>): Promise<void> {
  const page = await officer.get(`/staff/cases/${reference}`);
  const revision = /name="revision" value="(\d+)"/.exec(page.text)?.[1] ?? '';
  expect((await officer.post(`/staff/cases/${reference}/${action}`).type('form').send({ _csrf: csrfOf(page.text), revision, ...fields })).status).toBe(303);
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await check()); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
}

it('warns before the first response is due and again when it passes, once each, with two instances running the job at once', async () => {
  const { reference, caseId } = await reportFrom(app, 'sms', '+447700900701');
  const due = (await caseDoc(caseId))['firstResponseDue'] as Date;

  // Two working hours before it is due, two instances start the scheduled job together: one holds the lease.
  setClock(new Date(due.getTime() - 2 * HOUR));
  const leases = createLeaseStore(app.db.connection);
  const runs: string[] = [];
  const jobs = ['instance-a', 'instance-b'].map((owner) =>
    createScheduledJob({ leases, name: 'deadline-alerts', owner, intervalMs: 60_000, now: () => new Date(Date.now() + app.clock.offsetMs), run: async () => void runs.push(owner, String(await app.services.deadlines.run())), onError: (error) => { throw error; } }),
  );
  jobs.forEach((job) => job.start());
  await waitFor(async () => runs.length > 0 && (await alertsOf(caseId)).length > 0);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await Promise.all(jobs.map((job) => job.stop()));
  expect(runs).toHaveLength(2);
  let alerts = await alertsOf(caseId);
  expect(alerts.map((a) => a['type'])).toEqual(['deadline_soon']);
  expect(alerts[0]!['detail']).toMatch(/^The first response is due by /);

  // Later runs at the same stage raise nothing more; once it passes, two runs at once (a lease taken over
  // half-way) raise "overdue" once.
  expect(await app.services.deadlines.run()).toBe(0);
  setClock(new Date(due.getTime() + 60_000));
  await Promise.all([app.services.deadlines.run(), app.services.deadlines.run()]);
  alerts = await alertsOf(caseId);
  expect(alerts.map((a) => a['type'])).toEqual(['deadline_soon', 'deadline_overdue']);
  expect((await caseDoc(caseId))['openAlerts']).toBe(2);

  // Where the console shows alerts: on the case page (and counted on the queue).
  setClock(new Date());
  const page = (await officer.get(`/staff/cases/${reference}`)).text;
  expect(page).toContain('Deadline soon');
  expect(page).toContain('Deadline passed');
  expect(page).toMatch(/The first response was due by \w{3}, \d{1,2} \w{3} \d{4}[^<]* and is not recorded\./);
});

it('a plan action marked done, a first response recorded and an update sent raise nothing; what is left undone is overdue', async () => {
  const kept = await reportFrom(app, 'sms', '+447700900702');
  const left = await reportFrom(app, 'sms', '+447700900703');
  const today = localDate(new Date(), app.services.pack.calendar.timeZone);
  for (const { reference } of [kept, left]) {
    await post(reference, 'plan/action', { owner: 'landlord', description: 'Visit the neighbour at number 12', due: today });
    await post(reference, 'plan/action', { owner: 'reporter', description: 'Keep the diary sheets', due: today });
    await post(reference, 'plan/frequency', { every: '1' });
  }
  const ours = /name="action" value="([^"]+)"/.exec((await officer.get(`/staff/cases/${kept.reference}`)).text)?.[1] ?? '';
  await post(kept.reference, 'plan/done', { action: ours });
  await post(kept.reference, 'first-response', { how: 'Phoned them' });

  // The next update was due at the end of the next working day; a minute after, the officer sends one on one case.
  const nextDue = (await app.db.connection.collection('case_plans').findOne({ _id: left.caseId as never }))!['nextUpdateDue'] as Date;
  setClock(new Date(nextDue.getTime() + 60_000));
  officer = request.agent(app.services.app);
  await signIn(officer, 'dee', PASSWORD, secret, app.clock);
  const api = twilioApi();
  await sendUpdate(officer, kept.reference, 'We visited your neighbour today.');
  expect(api.scope.isDone()).toBe(true);

  await app.services.deadlines.run();
  const keptAlerts = await alertsOf(kept.caseId);
  // Only the reporter's own action, not marked done, is overdue on the case that was kept up to date.
  expect(keptAlerts.map((a) => [a['type'], a['detail']])).toEqual([['deadline_overdue', expect.stringMatching(/^A plan action \(the reporter's\) was due by .+ and is not marked done\.$/)]]);
  const leftAlerts = (await alertsOf(left.caseId)).map((a) => a['detail'] as string);
  expect(leftAlerts.filter((d) => d.startsWith('A plan action'))).toHaveLength(2);
  expect(leftAlerts.filter((d) => /^The agreed update to the reporter was due by .+ and has not been sent\.$/.test(d))).toHaveLength(1);
});
