// Signing in to the staff console over HTTP, as a browser would (cookies, forms with their token): the first
// administrator from the setup link, a member of staff from `add`, and every way a sign-in goes wrong.
import request from 'supertest';
import { csrfOf, firstSignIn, signIn, startStaffApp, type StaffApp } from './support/staff-app';

let app: StaffApp;

beforeAll(async () => {
  app = await startStaffApp();
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const audit = async (action: string) => app.db.connection.collection('staff_audit').find({ action }).toArray();

it('the setup link creates the first administrator, works once, and then the link is gone', async () => {
  const link = await app.services.staff.firstRunLink();
  expect(link).toMatch(/\/staff\/setup\/[A-Za-z0-9_-]{20,}$/);
  const path = new URL(link!).pathname;
  const agent = request.agent(app.services.app);
  const form = await agent.get(path);
  expect(form.status).toBe(200);
  expect(form.text).toContain('Create the first administrator');

  const tooShort = await agent.post(path).type('form').send({ _csrf: csrfOf(form.text), displayName: 'Ada Admin', username: 'ada', password: 'short', confirm: 'short' });
  expect(tooShort.status).toBe(400);
  expect(tooShort.text).toContain('at least 12 characters');

  const made = await agent.post(path).type('form').send({ _csrf: csrfOf(form.text), displayName: 'Ada Admin', username: 'ada', password: 'correct horse battery', confirm: 'correct horse battery' });
  expect(made.headers.location).toBe('/staff/sign-in/enrol');
  expect((await request(app.services.app).get(path)).status).toBe(404);
  expect(await app.services.staff.firstRunLink()).toBeUndefined();
});

describe('a member of staff added from the shell', () => {
  let temporary: string;
  let secret: string;
  let recoveryCodes: string[];

  beforeAll(async () => {
    const made = await app.services.staff.accounts.create({ username: 'nina', displayName: 'Nina Officer', teamId: 'neighbourhoodServices', roles: ['nso'] });
    temporary = made.password!;
  });

  it('cannot reach any page before the second factor, sets up the app, saves recovery codes and chooses a password', async () => {
    const agent = request.agent(app.services.app);
    const page = await agent.get('/staff/sign-in');
    await agent.post('/staff/sign-in').type('form').send({ _csrf: csrfOf(page.text), username: 'nina', password: temporary });
    // Half signed in: the queue still sends them to sign in.
    expect((await agent.get('/staff')).headers.location).toBe('/staff/sign-in');
    const fresh = request.agent(app.services.app);
    ({ secret, recoveryCodes } = await firstSignIn(fresh, 'nina', temporary, 'nina new password 1', app.clock));
    expect(recoveryCodes).toHaveLength(10);
    expect((await fresh.get('/staff')).headers.location).toBe('/staff/queue');
  });

  it('a wrong password and a wrong code each get a clear page, and both are audited', async () => {
    const agent = request.agent(app.services.app);
    const wrong = await signIn(agent, 'nina', 'not her password', secret, app.clock);
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('The username or password is not right');

    const page = await agent.get('/staff/sign-in');
    await agent.post('/staff/sign-in').type('form').send({ _csrf: csrfOf(page.text), username: 'nina', password: 'nina new password 1' });
    const codePage = await agent.get('/staff/sign-in/code');
    const badCode = await agent.post('/staff/sign-in/code').type('form').send({ _csrf: csrfOf(codePage.text), code: '000000' });
    expect(badCode.status).toBe(401);
    expect(badCode.text).toContain('That code is not right');
    expect((await agent.get('/staff')).headers.location).toBe('/staff/sign-in');
    expect((await audit('signin.failed')).map((e) => e['detail'])).toEqual(expect.arrayContaining(['password: wrong', 'code: wrong']));
  });

  it('a recovery code works once instead of the app', async () => {
    const agent = request.agent(app.services.app);
    const page = await agent.get('/staff/sign-in');
    await agent.post('/staff/sign-in').type('form').send({ _csrf: csrfOf(page.text), username: 'nina', password: 'nina new password 1' });
    const recoveryPage = await agent.get('/staff/sign-in/recovery');
    const used = await agent.post('/staff/sign-in/recovery').type('form').send({ _csrf: csrfOf(recoveryPage.text), code: recoveryCodes[0] });
    expect(used.headers.location).toBe('/staff');

    const again = request.agent(app.services.app);
    const page2 = await again.get('/staff/sign-in');
    await again.post('/staff/sign-in').type('form').send({ _csrf: csrfOf(page2.text), username: 'nina', password: 'nina new password 1' });
    const recoveryPage2 = await again.get('/staff/sign-in/recovery');
    const reused = await again.post('/staff/sign-in/recovery').type('form').send({ _csrf: csrfOf(recoveryPage2.text), code: recoveryCodes[0] });
    expect(reused.status).toBe(401);
  });

  it('a form without its token, or posted from another site, is refused and changes nothing', async () => {
    const agent = request.agent(app.services.app);
    expect((await signIn(agent, 'nina', 'nina new password 1', secret, app.clock)).headers.location).toBe('/staff');
    const noToken = await agent.post('/staff/sign-out').type('form').send({});
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('This form could not be sent');
    const page = await agent.get('/staff/queue');
    const crossSite = await agent.post('/staff/sign-out').set('Origin', 'https://attacker.example').type('form').send({ _csrf: csrfOf(page.text) });
    expect(crossSite.status).toBe(403);
    // Still signed in: neither sign-out happened.
    expect((await agent.get('/staff')).headers.location).toBe('/staff/queue');
    expect((await audit('request.refused')).length).toBeGreaterThanOrEqual(2);
  });

  it('a session left idle ends, and the next page says so; after ten hours it ends however active', async () => {
    const agent = request.agent(app.services.app);
    expect((await signIn(agent, 'nina', 'nina new password 1', secret, app.clock)).headers.location).toBe('/staff');
    await app.db.connection.collection('staff_sessions').updateMany({}, { $set: { expires: new Date(Date.now() - 1000) } });
    const idle = await agent.get('/staff');
    expect(idle.status).toBe(401);
    expect(idle.text).toContain('not used for 30 minutes');

    const busy = request.agent(app.services.app);
    expect((await signIn(busy, 'nina', 'nina new password 1', secret, app.clock)).headers.location).toBe('/staff');
    app.clock.offsetMs += 10 * 3600_000 + 60_000;
    const late = await busy.get('/staff');
    expect(late.status).toBe(401);
    expect(late.text).toContain('signed in for 10 hours');
  });

  it('a switched-off account is signed out at its next request and cannot sign in again', async () => {
    const agent = request.agent(app.services.app);
    const made = await app.services.staff.accounts.create({ username: 'olly', displayName: 'Olly Officer', teamId: 'neighbourhoodServices', roles: ['nso'] });
    const { secret: olly } = await firstSignIn(agent, 'olly', made.password!, 'olly new password 1', app.clock);
    await app.services.staff.accounts.setDisabled('olly', true);
    const next = await agent.get('/staff');
    expect(next.status).toBe(401);
    expect(next.text).toContain('Your account was switched off');
    const again = await signIn(request.agent(app.services.app), 'olly', 'olly new password 1', olly, app.clock);
    expect(again.status).toBe(403);
    expect(again.text).toContain('Your account is switched off');
  });
});

it('a code from an authenticator is needed even with the right password: there is no way round it', async () => {
  const made = await app.services.staff.accounts.create({ username: 'sam', displayName: 'Sam', teamId: 'communitySafety', roles: ['cst'] });
  const agent = request.agent(app.services.app);
  const page = await agent.get('/staff/sign-in');
  await agent.post('/staff/sign-in').type('form').send({ _csrf: csrfOf(page.text), username: 'sam', password: made.password });
  for (const path of ['/staff', '/staff/accounts', '/staff/sign-in/new-password', '/staff/sign-in/recovery-codes']) {
    const res = await agent.get(path);
    expect([303, 401]).toContain(res.status);
  }
  // A code before enrolment is not accepted either.
  const codePage = await agent.get('/staff/sign-in/code');
  expect(codePage.status).toBe(401);
});
