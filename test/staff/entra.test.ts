// Signing in with Microsoft Entra ID (OpenID Connect, code flow with PKCE) against a stand-in provider on
// loopback: an account added for Entra gets in without a local password or code; nobody else does.
import request from 'supertest';
import { startOidcStandIn, type OidcStandIn } from './support/oidc-stand-in';
import { csrfOf, startStaffApp, type StaffApp } from './support/staff-app';

let idp: OidcStandIn;
let app: StaffApp;

beforeAll(async () => {
  idp = await startOidcStandIn();
  app = await startStaffApp({ ENTRA_TENANT_ID: idp.tenantId, ENTRA_CLIENT_ID: idp.clientId, ENTRA_CLIENT_SECRET: idp.clientSecret, ENTRA_AUTHORITY: idp.authority });
  await app.services.staff.accounts.create({ username: 'erin.leader@onevision.example', displayName: 'Erin Leader', teamId: 'neighbourhoodServices', roles: ['teamLeader'], signIn: 'entra' });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await idp?.close();
});

/** The browser's round trip: our redirect to Entra, Entra's redirect back with a code, our callback. */
async function signInWithMicrosoft(agent: ReturnType<typeof request.agent>, tamper?: (callback: URL) => void) {
  const page = await agent.get('/staff/sign-in');
  expect(page.text).toContain('Sign in with Microsoft');
  const start = await agent.get('/staff/sign-in/entra');
  expect(start.status).toBe(303);
  const authorize = new URL(start.headers.location!);
  expect(authorize.origin).toBe(idp.authority);
  expect(authorize.pathname).toBe(`/${idp.tenantId}/oauth2/v2.0/authorize`);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const answer = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(answer.headers.get('location')!);
  tamper?.(callback);
  return agent.get(`${callback.pathname}${callback.search}`);
}

it('an account added for Entra ID signs in with Microsoft and is in, with no local password or code', async () => {
  idp.nextUser = { oid: 'oid-erin', preferredUsername: 'Erin.Leader@onevision.example' };
  const agent = request.agent(app.services.app);
  const done = await signInWithMicrosoft(agent);
  expect(done.headers.location).toBe('/staff');
  expect((await agent.get('/staff')).headers.location).toBe('/staff/queue');
  // Bound to the directory's id for the person: a later sign-in is recognised by it.
  expect((await app.services.staff.accounts.findByUsername('erin.leader@onevision.example'))?.oidcSubject).toBe(`${idp.tenantId}:oid-erin`);
});

it('a Microsoft account nobody added here is refused, and so is a token from another directory', async () => {
  idp.nextUser = { oid: 'oid-stranger', preferredUsername: 'stranger@onevision.example' };
  const stranger = await signInWithMicrosoft(request.agent(app.services.app));
  expect(stranger.status).toBe(403);
  expect(stranger.text).toContain('You do not have an account here');

  idp.nextUser = { oid: 'oid-erin', preferredUsername: 'erin.leader@onevision.example', tenantId: '00000000-0000-4000-8000-000000000bad' };
  const otherTenant = await signInWithMicrosoft(request.agent(app.services.app));
  expect(otherTenant.status).toBe(401);
  expect(otherTenant.text).toContain('Sign-in with Microsoft did not work');
});

it('a callback whose state was changed, or replayed in another browser, signs nobody in', async () => {
  idp.nextUser = { oid: 'oid-erin', preferredUsername: 'erin.leader@onevision.example' };
  const forged = await signInWithMicrosoft(request.agent(app.services.app), (callback) => callback.searchParams.set('state', 'forged'));
  expect(forged.status).toBe(401);
  const other = request.agent(app.services.app);
  await other.get('/staff/sign-in');
  const replay = await other.get(`/staff/sign-in/entra/callback?code=anything&state=anything`);
  expect(replay.status).toBe(401);
  expect((await other.get('/staff')).headers.location).toBe('/staff/sign-in');
  expect(csrfOf((await other.get('/staff/sign-in')).text)).not.toBe('');
});
