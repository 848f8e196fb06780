// Runs the real entry point (src/main.ts) as a person would with `npm start`, in a child process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort } from '../../src/db/embedded-db';
import { testDatabaseUri } from '../support/database';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

interface Started {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const child = spawn(tsx, ['src/main.ts'], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', LOG_LEVEL: 'info', ...env },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = { child, output: () => out, exited };
  running.push(started);
  return started;
}

// Whatever a failed test leaves running is stopped, so the run never hangs on a stray server.
const running: Started[] = [];
afterAll(() => {
  for (const s of running) {
    const pid = Number(/"pid":(\d+),"msg":"listening"/.exec(s.output())?.[1]);
    for (const target of [pid, s.child.pid]) {
      try {
        if (target) process.kill(target, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
});

// Generous: on a busy machine the service and its database take a while to start; nothing here is a measurement.
async function waitFor(check: () => boolean | Promise<boolean>, ms = 75000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting');
}

async function status(port: number, route: string): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${port}${route}`)).status;
  } catch {
    return 0;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** The node process running main.ts (tsx starts it as a child; a process manager signals it directly). */
function mainPid(s: Started): number {
  const pid = Number(/"pid":(\d+),"msg":"listening"/.exec(s.output())?.[1]);
  if (!pid) throw new Error(`the service did not say it was listening:\n${s.output()}`);
  return pid;
}

function embeddedPort(output: string): number {
  const match = /"uri":"mongodb:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
  if (!match?.[1]) throw new Error(`no embedded database in output:\n${output}`);
  return Number(match[1]);
}

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'startup-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('starting the service', () => {
  it('stops at once with every bad setting listed when the configuration is wrong', async () => {
    const s = start({ PORT: 'abc', LOG_LEVEL: 'chatty', MONGODB_URI: 'http://db', DATA_DIR: tempDir() });
    expect(await s.exited).toBe(78);
    expect(s.output()).toMatch(/PORT: /);
    expect(s.output()).toMatch(/LOG_LEVEL: /);
    expect(s.output()).toMatch(/MONGODB_URI: must start with mongodb:\/\//);
    expect(s.output()).toContain('.env.example');
  });

  it('brings up its own database, keeps data across a restart, and leaves no process behind on Ctrl-C', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const first = start({ PORT: String(port), DATA_DIR: dataDir });
    await waitFor(async () => (await status(port, '/readyz')) === 200);
    expect(first.output()).toContain(`listening on http://127.0.0.1:${port}`);
    const dbPort = embeddedPort(first.output());

    const client = await MongoClient.connect(`mongodb://127.0.0.1:${dbPort}/`);
    await client.db('safe_report').collection('restart_probe').insertOne({ kept: 'yes' });
    await client.close();

    process.kill(mainPid(first), 'SIGINT');
    expect(await first.exited).toBe(0);
    expect(await portOpen(dbPort)).toBe(false);
    expect(await portOpen(port)).toBe(false);

    const second = start({ PORT: String(port), DATA_DIR: dataDir });
    await waitFor(async () => (await status(port, '/readyz')) === 200);
    const again = await MongoClient.connect(`mongodb://127.0.0.1:${embeddedPort(second.output())}/`);
    expect(await again.db('safe_report').collection('restart_probe').findOne({}, { projection: { _id: 0 } })).toEqual({ kept: 'yes' });
    await again.close();
    process.kill(mainPid(second), 'SIGTERM');
    expect(await second.exited).toBe(0);
  }, 180000);

  it('leaves no database process behind even when it is killed outright', async () => {
    const port = await freePort();
    const s = start({ PORT: String(port), DATA_DIR: tempDir() });
    await waitFor(async () => (await status(port, '/readyz')) === 200);
    const dbPort = embeddedPort(s.output());
    // tsx runs main.ts in a child node process: kill that process itself, without mercy.
    process.kill(mainPid(s), 'SIGKILL');
    await s.exited;
    await waitFor(async () => !(await portOpen(dbPort)), 10000);
    expect(await portOpen(dbPort)).toBe(false);
  }, 120000);

  it('stays up and answers 503 on /readyz while the database is unreachable, then shuts down cleanly', async () => {
    const port = await freePort();
    const deadDb = await freePort();
    const s = start({ PORT: String(port), DATA_DIR: tempDir(), MONGODB_URI: `mongodb://127.0.0.1:${deadDb}/` });
    await waitFor(async () => (await status(port, '/healthz')) === 200);
    expect(await status(port, '/readyz')).toBe(503);
    await waitFor(() => /database unreachable; retrying/.test(s.output()), 15000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.child.exitCode).toBeNull();
    expect(await status(port, '/readyz')).toBe(503);
    process.kill(mainPid(s), 'SIGTERM');
    expect(await s.exited).toBe(0);
  }, 120000);

  it('says plainly when the port is already taken', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));
    const s = start({ PORT: String(port), DATA_DIR: tempDir(), MONGODB_URI: testDatabaseUri() });
    expect(await s.exited).toBe(75);
    expect(s.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    blocker.close();
  }, 90000);
});
