// Who sees what, from the default roles (the policies' defaults), and a router that will not register a
// route nobody guarded.
import express from 'express';
import request from 'supertest';
import { createAccess, loadRoles, type CaseScopeFacts, type StaffPrincipal } from '../../src/staff/access/permissions';
import { createSafeRouter, type RouteRule } from '../../src/staff/web/safe-router';

const access = createAccess(loadRoles());
const person = (roles: string[], teamId: string): StaffPrincipal => ({ id: roles.join('+'), displayName: 'x', teamId, roles });
const cst = person(['cst'], 'communitySafety');
const nso = person(['nso'], 'neighbourhoodServices');
const leader = person(['teamLeader'], 'neighbourhoodServices');
const admin = person(['admin'], 'neighbourhoodServices');
const nobody = person(['no-such-role'], 'neighbourhoodServices');

const domesticAbuse: CaseScopeFacts = { teamId: 'communitySafety', kind: 'domestic_abuse', highRisk: true, identityAccess: 'owning_team' };
const noiseNamed: CaseScopeFacts = { teamId: 'neighbourhoodServices', kind: 'asb', highRisk: false, identityAccess: 'all_staff' };
const noiseConfidential: CaseScopeFacts = { ...noiseNamed, identityAccess: 'owning_team' };
const highRiskAsb: CaseScopeFacts = { teamId: 'neighbourhoodServices', kind: 'asb', highRisk: true, identityAccess: 'all_staff' };
const anonymous: CaseScopeFacts = { ...noiseNamed, identityAccess: 'none' };

test.each([
  ['the Community Safety Team sees a domestic abuse case and who reported it', cst, domesticAbuse, true, true],
  ['the Community Safety Team sees a high-risk ASB case in another team', cst, highRiskAsb, true, true],
  ['the Community Safety Team does not see an ordinary noise case of another team', cst, noiseNamed, false, false],
  ['a Neighbourhood Services Officer does not see a domestic abuse case', nso, domesticAbuse, false, false],
  ['a Neighbourhood Services Officer sees their own team’s noise case with the reporter’s name', nso, noiseNamed, true, true],
  ['a Neighbourhood Services Officer sees a confidential case of their team but not the identity', nso, noiseConfidential, true, false],
  ['a team leader sees the confidential identity in their team', leader, noiseConfidential, true, true],
  ['nobody sees an identity that was never kept (anonymous)', leader, anonymous, true, false],
  ['an administrator reads no case content', admin, noiseNamed, false, false],
  ['an unknown role grants nothing', nobody, noiseNamed, false, false],
])('%s', (_name, who, facts, sees, identity) => {
  expect(access.canSeeCase(who, facts)).toBe(sees);
  expect(access.canSeeIdentity(who, facts)).toBe(identity);
});

test('administrators manage accounts and read audit trails; officers do neither', () => {
  expect(access.can(admin, 'accounts.manage')).toBe(true);
  expect(access.can(admin, 'audit.read')).toBe(true);
  expect(access.can(admin, 'cases.list')).toBe(false);
  expect(access.can(cst, 'accounts.manage')).toBe(false);
  expect(access.can(nso, 'cases.retriage')).toBe(false);
  expect(access.can(cst, 'cases.retriage')).toBe(true);
});

describe('the safe router', () => {
  const routes = () =>
    createSafeRouter({ access, onSignedOut: (_req, res) => void res.status(401).send('sign in'), onForbidden: (_req, res) => void res.status(403).send('no') });

  test.each([undefined, {}, { permission: 'cases.everything' }, { signedIn: false }, { public: 'yes' }])('refuses to register a route guarded by %p', (rule) => {
    expect(() => routes().get('/x', rule as unknown as RouteRule, (_req, res) => void res.send('ok'))).toThrow(/no permission check/);
  });

  test('a registered route asks for sign-in, then for the permission', async () => {
    const r = routes();
    r.get('/cases', { permission: 'cases.list' }, (_req, res) => void res.send('the queue'));
    const as = (who?: StaffPrincipal) => {
      const app = express();
      app.use((req, _res, next) => {
        if (who) req.staff = who;
        next();
      });
      app.use(r.router);
      return request(app).get('/cases');
    };
    expect((await as()).status).toBe(401);
    expect((await as(admin)).status).toBe(403);
    expect((await as(nso)).text).toBe('the queue');
  });
});
