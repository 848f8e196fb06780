// The app as main.ts builds it, listening on a loopback port, with a clock the test can move, for the staff
// console's tests; plus the steps of signing in as a person would (password, then the authenticator's code).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'otplib';
import request from 'supertest';
type TestAgent = ReturnType<typeof request.agent>;
import { createServices, type ServiceOverrides, type Services } from '../../../src/compose';
import { loadConfig, type Config } from '../../../src/config';
import { createLogger } from '../../../src/log/logger';
import { freePort } from '../../../src/db/embedded-db';
import { openTestDatabase } from '../../support/database';

export interface StaffApp {
  services: Services;
  config: Config;
  db: Awaited<ReturnType<typeof openTestDatabase>>;
  base: string;
  server: http.Server;
  clock: { offsetMs: number };
  close(): Promise<void>;
}

/** Fixed secrets, so `npm run staff` started by a test reads what the app wrote. */
export const TEST_SECRETS = {
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  HASH_SECRET: 'h'.repeat(40),
  DIRECTLINE_SECRET: 'd'.repeat(40),
  STAFF_SESSION_SECRET: 's'.repeat(40),
};

export async function startStaffApp(env: Record<string, string> = {}, overrides: ServiceOverrides = {}): Promise<StaffApp> {
  const db = await openTestDatabase();
  const clock = { offsetMs: 0 };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'staff-'));
  // The port is chosen first so that the public address (Twilio's signatures, same-origin checks) is the real one.
  const port = await freePort();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...TEST_SECRETS, ...env });
  const services = await createServices(
    { config, logger: createLogger({ level: 'silent' }), database: db },
    { scheduler: false, now: () => new Date(Date.now() + clock.offsetMs), ...overrides },
  );
  await services.start();
  const server = http.createServer(services.app);
  services.attach(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    services,
    config,
    db,
    base,
    server,
    clock,
    close: async () => {
      await services.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.drop();
    },
  };
}

export const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The code an authenticator app shows at the app's time (`clock`: the test's offset from now). */
export async function totpCode(secret: string, clock: { offsetMs: number } = { offsetMs: 0 }): Promise<string> {
  return generate({ secret: secret.replace(/\s/g, ''), epoch: Math.floor((Date.now() + clock.offsetMs) / 1000) });
}

/** A code is good once: a later sign-in happens in a later 30-second step, as it would for a person. */
export function nextStep(clock: { offsetMs: number }): void {
  clock.offsetMs += 30_000;
}

/** A new person's first sign-in with a temporary password: enrol the app, keep the codes, choose a password. */
export async function firstSignIn(agent: TestAgent, username: string, temporary: string, newPassword: string, clock: { offsetMs: number } = { offsetMs: 0 }): Promise<{ secret: string; recoveryCodes: string[] }> {
  const page = await agent.get('/staff/sign-in');
  const enrol = await agent.post('/staff/sign-in').type('form').send({ _csrf: csrfOf(page.text), username, password: temporary });
  expect(enrol.headers.location).toBe('/staff/sign-in/enrol');
  const enrolPage = await agent.get('/staff/sign-in/enrol');
  const secret = /id="secret">([A-Z2-7 ]+)</.exec(enrolPage.text)?.[1] ?? '';
  const confirmed = await agent.post('/staff/sign-in/enrol').type('form').send({ _csrf: csrfOf(enrolPage.text), code: await totpCode(secret, clock) });
  expect(confirmed.headers.location).toBe('/staff/sign-in/recovery-codes');
  const codesPage = await agent.get('/staff/sign-in/recovery-codes');
  const recoveryCodes = [...codesPage.text.matchAll(/<li><code>([0-9a-f-]+)<\/code><\/li>/g)].map((m) => m[1] as string);
  const toPassword = await agent.post('/staff/sign-in/recovery-codes').type('form').send({ _csrf: csrfOf(codesPage.text) });
  expect(toPassword.headers.location).toBe('/staff/sign-in/new-password');
  const passwordPage = await agent.get('/staff/sign-in/new-password');
  const done = await agent.post('/staff/sign-in/new-password').type('form').send({ _csrf: csrfOf(passwordPage.text), password: newPassword, confirm: newPassword });
  expect(done.headers.location).toBe('/staff');
  return { secret, recoveryCodes };
}

/** A later sign-in: password, then the code. */
export async function signIn(agent: TestAgent, username: string, password: string, secret: string, clock: { offsetMs: number }): Promise<request.Response> {
  nextStep(clock);
  const page = await agent.get('/staff/sign-in');
  const step = await agent.post('/staff/sign-in').type('form').send({ _csrf: csrfOf(page.text), username, password });
  if (step.headers.location !== '/staff/sign-in/code') return step;
  const codePage = await agent.get('/staff/sign-in/code');
  return agent.post('/staff/sign-in/code').type('form').send({ _csrf: csrfOf(codePage.text), code: await totpCode(secret, clock) });
}
