// The embedded database (docs/adr/0004-embedded-database.md): mongo-java-server with its H2 (MVStore)
// backend behind our own launcher in src/db/embedded/, built once with Maven into the tools folder and run
// on loopback. The build is keyed by a hash of the launcher's sources, so a change to them rebuilds it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { childEnv, processPath } from '../config';

export type Progress = (line: string) => void;

// Beside this file in the source tree; compiled JavaScript (dist/src/db) looks back into src/db.
const SOURCE_DIR = [path.resolve(__dirname, 'embedded'), path.resolve(__dirname, '../../../src/db/embedded')].find((d) => existsSync(d)) ?? path.resolve(__dirname, 'embedded');

export interface RunningDatabase {
  uri: string;
  kind: 'embedded' | 'mongodb-memory-server' | 'external';
  /** The engine's process id (the contract suite kills it with -9). */
  pid?: number;
  stop: () => Promise<void>;
}

/** Switches for measuring the engine without our launcher's improvements (the contract suite's candidates). */
export interface EngineOptions {
  /** `each`: a write is committed before it is acknowledged; `interval`: MVStore's own once-a-second commit. */
  commit?: 'each' | 'interval';
  planner?: boolean;
  secondaryIndexes?: boolean;
  scrub?: boolean;
  port?: number;
}

export function findOnPath(command: string): string | undefined {
  for (const dir of processPath().split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name !== 'target')
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? sourceFiles(full) : [full];
    })
    .sort();
}

/** A short hash of the launcher's sources: the build folder's name. */
export function engineVersion(): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(SOURCE_DIR)) hash.update(path.relative(SOURCE_DIR, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

function installDir(toolsDir: string): string {
  return path.join(toolsDir, 'embedded-db', engineVersion());
}

function classPath(dir: string): string {
  return [path.join(dir, 'embedded-db.jar'), path.join(dir, 'lib', '*')].join(path.delimiter);
}

/**
 * Returns the folder holding a built engine, building it with Maven first if needed; undefined when Java
 * or Maven is missing.
 */
export async function ensureEmbeddedDb(toolsDir: string, progress: Progress = () => {}): Promise<string | undefined> {
  const dir = installDir(toolsDir);
  if (existsSync(path.join(dir, 'embedded-db.jar'))) return dir;
  const mvn = findOnPath('mvn');
  if (!findOnPath('java') || !mvn) return undefined;

  progress(`Building the embedded database once into ${path.relative(process.cwd(), dir) || dir} (about a minute the first time; Maven fetches its libraries from Maven Central)...`);
  const work = path.join(toolsDir, 'embedded-db', 'build');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  await maven(mvn, ['-B', '-f', path.join(SOURCE_DIR, 'pom.xml'), `-Dembedded.out=${work}`, 'package'], progress);
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(work, 'embedded-db.jar'), path.join(dir, 'embedded-db.jar'));
  cpSync(path.join(work, 'lib'), path.join(dir, 'lib'), { recursive: true });
  rmSync(work, { recursive: true, force: true });
  progress('The embedded database is ready.');
  return dir;
}

function maven(mvn: string, args: string[], progress: Progress): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(mvn, args, { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    let downloads = 0;
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      tail = `${tail}${line}\n`.slice(-6000);
      if (/^Downloaded from /.test(line)) {
        downloads += 1;
        if (downloads % 25 === 1) progress(`  fetched ${downloads} files from Maven Central so far`);
      } else if (/Compiling \d+ source file/.test(line)) {
        progress(`  compiling the launcher (${downloads} files fetched)`);
      }
    });
    child.stderr.on('data', (c: Buffer) => (tail = `${tail}${c.toString()}`.slice(-6000)));
    const ticker = setInterval(() => progress(`  still building (${downloads} files fetched)...`), 30_000);
    child.on('error', (error) => {
      clearInterval(ticker);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`mvn exited with ${code}:\n${tail}`));
    });
  });
}

/**
 * Starts the engine on loopback (a free port unless one is given), its file in `dataDir`. The engine
 * stops when its standard input closes, which the kernel does when this process ends however it ends
 * (even kill -9), so no database outlives us. It runs in its own process group, so Ctrl-C reaches us
 * first and we drain requests before stopping it.
 */
export async function startEmbeddedDb(installed: string, dataDir: string, options: EngineOptions = {}): Promise<RunningDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const java = findOnPath('java') ?? 'java';
  const args = [
    // G1, not the serial collector: the engine keeps its secondary indexes in memory, and with the serial
    // collector every full collection stopped it for longer as data grew (1 s at 8,000 cases, 2.9 s at
    // 18,000, measured with -Xlog:gc while the bench seeded); past the driver's 5 s heartbeat it dropped every
    // connection. G1 collects the old data alongside: its longest pause in the same seeding was 0.4 s.
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=100',
    '-Dorg.slf4j.simpleLogger.defaultLogLevel=error',
    '-cp',
    classPath(installed),
    'safereport.db.EmbeddedDb',
    '--data',
    dataDir,
    '--port',
    String(options.port ?? 0),
    '--commit',
    options.commit ?? 'each',
    '--planner',
    options.planner === false ? 'off' : 'on',
    '--secondary-indexes',
    options.secondaryIndexes === false ? 'off' : 'on',
    '--scrub',
    options.scrub === false ? 'off' : 'on',
  ];
  const child = spawn(java, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: childEnv() });
  let stderrTail = '';
  child.stderr?.on('data', (c: Buffer) => (stderrTail = (stderrTail + c.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const address = await Promise.race([
    new Promise<string | undefined>((resolve) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        const match = /^listening (\S+)$/.exec(line);
        if (match) resolve(match[1]);
      });
    }),
    exited.then(() => undefined),
    delay(60_000).then(() => undefined),
  ]);
  if (!address) {
    await stopChild(child, exited);
    throw new Error(`The embedded database did not start: ${stderrTail.trim() || 'it exited at once'}`);
  }
  return {
    uri: `mongodb://${address}/`,
    kind: 'embedded',
    ...(child.pid ? { pid: child.pid } : {}),
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // Closing its input is the engine's signal to close its file and exit.
  child.stdin?.end();
  const done = await Promise.race([exited.then(() => true), delay(10_000).then(() => false)]);
  if (!done && child.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
