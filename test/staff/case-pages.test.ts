// The case pages over HTTP as a signed-in officer's browser would use them: evidence viewed and downloaded
// (recorded each time, served so that no script in it can run), a forged evidence id or case reference, a
// form with a revision that is not a number, and finding a case by its reference typed any old way.
import request from 'supertest';
import { draftInput } from '../cases/support/drafts';
import { csrfOf, firstSignIn, startStaffApp, type StaffApp } from './support/staff-app';

let app: StaffApp;
let reference: string;
let caseId: string;
let evidenceId: string;
const cst = () => request.agent(app.services.app);
let officer: ReturnType<typeof cst>;
let outsider: ReturnType<typeof cst>;
const PHOTO = Buffer.from('\xff\xd8\xff\xe0 pretend jpeg bytes of a broken window', 'binary');

beforeAll(async () => {
  app = await startStaffApp();
  const submitted = await app.services.cases.submitReport(
    draftInput({ incident: { categoryId: 'harassment', description: 'He keeps turning up outside my door at night.' }, safeContact: { channels: ['sms'], phone: '+447700900555' } }),
  );
  ({ reference, caseId } = submitted);
  const put = await app.services.evidence.put({ conversationKey: 'conv-evidence', channel: 'webchat', contentType: 'image/jpeg', data: PHOTO, receivedAt: new Date() });
  evidenceId = put.id;
  await app.services.evidence.attachToCase([evidenceId], caseId);

  const chris = await app.services.staff.accounts.create({ username: 'chris', displayName: 'Chris', teamId: 'communitySafety', roles: ['cst'] });
  officer = cst();
  await firstSignIn(officer, 'chris', chris.password!, 'chris long password', app.clock);
  const nadia = await app.services.staff.accounts.create({ username: 'nadia', displayName: 'Nadia', teamId: 'neighbourhoodServices', roles: ['nso'] });
  outsider = cst();
  await firstSignIn(outsider, 'nadia', nadia.password!, 'nadia long password', app.clock);
}, 60_000);
afterAll(async () => app?.close());

const audit = (action: string) => app.db.connection.collection('staff_audit').find({ caseId, action }).toArray();

it('shows the evidence with its size and SHA-256, and records each view and download', async () => {
  const page = await officer.get(`/staff/cases/${reference}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain(app.services.evidence ? (await app.services.evidence.listForCase(caseId))[0]!.sha256 : '');
  const view = await officer.get(`/staff/cases/${reference}/evidence/${evidenceId}`);
  expect(view.status).toBe(200);
  expect(Buffer.from(view.body as Buffer)).toEqual(PHOTO);
  expect(view.headers['content-security-policy']).toContain('sandbox');
  expect(view.headers['content-disposition']).toMatch(/^inline/);
  const download = await officer.get(`/staff/cases/${reference}/evidence/${evidenceId}?download=1`);
  expect(download.headers['content-disposition']).toMatch(/^attachment/);
  expect(await audit('case.evidence.view')).toHaveLength(1);
  expect(await audit('case.evidence.download')).toHaveLength(1);
});

it('refuses evidence to someone outside the case, and an evidence id from another case, as not found', async () => {
  expect((await outsider.get(`/staff/cases/${reference}/evidence/${evidenceId}`)).status).toBe(404);
  const other = await app.services.evidence.put({ conversationKey: 'conv-other', channel: 'webchat', contentType: 'image/png', data: Buffer.from('png'), receivedAt: new Date() });
  const forged = await officer.get(`/staff/cases/${reference}/evidence/${other.id}`);
  expect(forged.status).toBe(404);
  expect(forged.text).toContain('Case not found');
  expect((await audit('case.denied')).map((e) => e['detail'])).toEqual(expect.arrayContaining(['not in this role’s cases', 'evidence not on this case']));
});

it('a form with a revision that is not a number changes nothing; a reference typed in lower case without the dash finds the case', async () => {
  const page = await officer.get(`/staff/cases/${reference}`);
  const bad = await officer.post(`/staff/cases/${reference}/note`).type('form').send({ _csrf: csrfOf(page.text), revision: 'latest', note: 'hello' });
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('Nothing was changed');
  expect((await app.services.cases.getCase(caseId))!.events.some((e) => e.type === 'note.added')).toBe(false);
  const found = await officer.get(`/staff/find?reference=${reference.toLowerCase().replace('-', '')}`);
  expect(found.status).toBe(303);
  expect((await officer.get(found.headers.location!)).text).toContain(`Case ${reference}`);
});

it('a report by a child shows child safeguarding on the queue row and at the top of the case risk, with the reason', async () => {
  const child = await app.services.cases.submitReport(
    draftInput({ reporter: { role: 'victim', ageBand: 'under16' }, incident: { categoryId: 'domesticAbuse', description: 'My mums boyfriend hits her and me.' }, safeContact: { channels: ['sms'], phone: '+447700900556' } }),
  );
  const queue = await officer.get('/staff/queue');
  const row = queue.text.slice(queue.text.indexOf(child.reference));
  expect(row.slice(0, 2000)).toContain('Child safeguarding');
  const page = await officer.get(`/staff/cases/${child.reference}`);
  expect(page.text).toContain('Child safeguarding: the person reporting is under 18');
  expect(page.text).toMatch(/under 16: a child\. Follow child safeguarding procedures/);
});

it("shows the reporter's language on the case and on its row in the queue", async () => {
  const welsh = await app.services.cases.submitReport(draftInput({ locale: 'cy', incident: { categoryId: 'harassment', description: 'Mae e wedi bod yn fy nilyn i.' } }));
  const page = await officer.get(`/staff/cases/${welsh.reference}`);
  expect(page.text).toMatch(/Language<\/dt><dd class="govuk-summary-list__value">Welsh \(Cymraeg\)<\/dd>/);
  const queue = await officer.get('/staff/queue');
  const row = new RegExp(`data-reference="${welsh.reference}"[\\s\\S]*?</tr>`).exec(queue.text)?.[0] ?? '';
  expect(row).toContain('Welsh (Cymraeg)');
  const english = new RegExp(`data-reference="${reference}"[\\s\\S]*?</tr>`).exec(queue.text)?.[0] ?? '';
  expect(english).toContain('English');
});
