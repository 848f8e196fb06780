// Which database engine the contract suite runs against (docs/adr/0004-embedded-database.md):
//   (nothing)                      our embedded engine, as `npm start` runs it
//   DB_CONTRACT_ENGINE="embedded commit=interval planner=off secondary-indexes=off scrub=off"
//                                  the same engine with our launcher's improvements switched off
//   DB_CONTRACT_LAUNCH="cmd ... {port} ... {dir}"
//                                  any engine started by a shell command listening on {port} with its files in {dir}
//                                  (e.g. a FerretDB or mongod binary); killed with -9 by the durability test
//   DB_CONTRACT_URI=mongodb://...  any running engine; the tests that kill the engine or read its files do not apply
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureEmbeddedDb, freePort, startEmbeddedDb, type EngineOptions } from '../../../src/db/embedded-db';

export interface RunningEngine {
  uri: string;
  /** The engine process's id, to kill it with -9. */
  pid: number;
  stop(): Promise<void>;
}

export interface EngineUnderTest {
  name: string;
  /** Set when the suite starts the engine itself: then it can kill it and read its files. */
  launch?: (dataDir: string) => Promise<RunningEngine>;
  uri?: string;
}

const root = path.resolve(__dirname, '../../..');

function embeddedOptions(spec: string): EngineOptions {
  const options: EngineOptions = {};
  for (const part of spec.split(/\s+/).slice(1)) {
    const [key, value] = part.split('=');
    if (key === 'commit') options.commit = value === 'interval' ? 'interval' : 'each';
    if (key === 'planner') options.planner = value !== 'off';
    if (key === 'secondary-indexes') options.secondaryIndexes = value !== 'off';
    if (key === 'scrub') options.scrub = value !== 'off';
  }
  return options;
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nothing listened on port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function commandEngine(template: string): EngineUnderTest {
  return {
    name: `command: ${template.split(' ')[0]}`,
    launch: async (dataDir) => {
      const port = await freePort();
      const command = template.replaceAll('{port}', String(port)).replaceAll('{dir}', dataDir);
      // exec: the shell becomes the engine, so its pid is the engine's.
      const child = spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: 'ignore', detached: true });
      await waitForPort(port, 30_000);
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      return {
        uri: `mongodb://127.0.0.1:${port}/`,
        pid: child.pid!,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      };
    },
  };
}

export function engineUnderTest(env: NodeJS.ProcessEnv = process.env): EngineUnderTest {
  const uri = env['DB_CONTRACT_URI'];
  if (uri) return { name: `uri: ${uri.replace(/\/\/[^@/]*@/, '//…@')}`, uri };
  const command = env['DB_CONTRACT_LAUNCH'];
  if (command) return commandEngine(command);
  const spec = env['DB_CONTRACT_ENGINE'] ?? 'embedded';
  const options = embeddedOptions(spec);
  return {
    name: spec,
    launch: async (dataDir) => {
      const installed = await ensureEmbeddedDb(path.join(root, '.tools'));
      if (!installed) throw new Error('the embedded database is not built: npm run db:build');
      const running = await startEmbeddedDb(installed, dataDir, options);
      return { uri: running.uri, pid: running.pid!, stop: running.stop };
    },
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every byte of every file under `dir`, to look for text that should be gone. */
export function rawBytes(dir: string): Buffer {
  const parts: Buffer[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else parts.push(readFileSync(full));
    }
  };
  walk(dir);
  return Buffer.concat(parts);
}
