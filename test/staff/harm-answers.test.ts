// The risk matrix's answers on the case page (OVH 3.7.3), with a landlord's own question in its own words: the
// service started with the fictional third pack (test/policy/fixtures/riverside-homes.json), as a landlord
// would start it with theirs, and a report answering its own question and one of the intake's.
import path from 'node:path';
import request from 'supertest';
import { draftInput } from '../cases/support/drafts';
import { firstSignIn, startStaffApp, type StaffApp } from './support/staff-app';

let app: StaffApp;
afterAll(async () => app?.close());

test('an officer sees each matrix answer under its question: the landlord\'s own in its words, the intake\'s in ours, in the pack\'s order', async () => {
  app = await startStaffApp({ POLICY_PACK: path.resolve(__dirname, '../policy/fixtures/riverside-homes.json') });
  const { reference } = await app.services.cases.submitReport(
    draftInput(
      {
        incident: { categoryId: 'pestering', description: 'He waits for me by the lifts every evening.' },
        tenure: 'assuredTenant',
        vulnerability: { harm: { livesAlone: 'no', caresForSomeone: 'yes', disabilityOrIllness: 'skipped' } },
        safeContact: { channels: ['sms'], phone: '+447700900561' },
      },
      'riverside-homes',
    ),
  );
  const sam = await app.services.staff.accounts.create({ username: 'sam', displayName: 'Sam', teamId: 'safetyTeam', roles: ['cst'] });
  const officer = request.agent(app.services.app);
  await firstSignIn(officer, 'sam', sam.password!, 'sam long password', app.clock);
  const page = await officer.get(`/staff/cases/${reference}`);
  expect(page.status).toBe(200);
  const answers = page.text.slice(page.text.indexOf('id="harm-answers"'));
  expect(answers).toContain('Risk matrix answers');
  const rows = [...answers.matchAll(/<dt class="govuk-summary-list__key">([^<]+)<\/dt><dd class="govuk-summary-list__value">([^<]+)<\/dd>/g)].map((m) => [m[1], m[2]]);
  expect(rows.slice(0, 3)).toEqual([
    ['Do you have a disability or long-term illness?', 'Skipped'],
    ['Do you live alone?', 'No'],
    ['Do you look after someone who lives with you, such as a child, a partner or a parent?', 'Yes'],
  ]);
}, 60_000);
