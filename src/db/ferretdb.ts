// Builds FerretDB v1 (SQLite backend) once into the tools folder and runs it on loopback.
//
// `go install …@v1.24.2` is the documented route, but on machines whose Go proxy refuses the module's
// version list (the deprecation lookup) it fails; and a module-mode build leaves FerretDB's version file
// empty, which makes the binary panic at start. So we download the module, copy it, stamp the version
// and `go build` it. See docs/adr/0002-embedded-database.md.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { childEnv, processPath } from '../config';

const run = promisify(execFile);
export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';

export type Progress = (line: string) => void;

export function ferretDbBinary(toolsDir: string): string {
  return path.join(toolsDir, 'bin', 'ferretdb');
}

export function findOnPath(command: string): string | undefined {
  for (const dir of processPath().split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function binaryWorks(binary: string): Promise<boolean> {
  if (!existsSync(binary)) return false;
  try {
    const { stdout } = await run(binary, ['--version'], { timeout: 10_000 });
    return stdout.includes(FERRETDB_VERSION);
  } catch {
    return false;
  }
}

/** Returns the path of a working FerretDB binary, building it first if needed; undefined when Go is missing. */
export async function ensureFerretDb(toolsDir: string, progress: Progress = () => {}): Promise<string | undefined> {
  const binary = ferretDbBinary(toolsDir);
  if (await binaryWorks(binary)) return binary;
  const go = findOnPath('go');
  if (!go) return undefined;

  progress(`Building FerretDB ${FERRETDB_VERSION} once into ${path.relative(process.cwd(), binary) || binary} (a few minutes the first time)...`);
  mkdirSync(path.dirname(binary), { recursive: true });
  const env = { ...childEnv(), CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };

  progress('  downloading the FerretDB module');
  const { stdout } = await run(go, ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], {
    env,
    maxBuffer: 4 * 1024 * 1024,
    timeout: 10 * 60_000,
    cwd: os.tmpdir(),
  });
  const info = JSON.parse(stdout) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download failed: ${info.Error ?? 'no module directory'}`);

  const work = mkdtempSync(path.join(os.tmpdir(), 'ferretdb-src-'));
  try {
    cpSync(info.Dir, work, { recursive: true });
    chmodSync(path.join(work, 'build', 'version'), 0o755);
    writeFileSync(path.join(work, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    progress('  compiling (go build ./cmd/ferretdb); dependencies download on the first build');
    await streamed(go, ['build', '-trimpath', '-o', binary, './cmd/ferretdb'], { cwd: work, env }, progress);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (!(await binaryWorks(binary))) throw new Error('FerretDB was built but does not report its version');
  progress(`FerretDB ${FERRETDB_VERSION} is ready.`);
  return binary;
}

function streamed(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }, progress: Progress): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    let downloads = 0;
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) {
        if (line.startsWith('go: downloading')) {
          downloads += 1;
          if (downloads % 10 === 1) progress(`  ${line.trim()} (${downloads} modules so far)`);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const ticker = setInterval(() => progress('  still compiling...'), 30_000);
    child.on('error', (e) => {
      clearInterval(ticker);
      reject(e);
    });
    child.on('close', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`go build exited with ${code}:\n${tail}`));
    });
  });
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

export interface RunningDatabase {
  uri: string;
  kind: 'ferretdb' | 'mongodb-memory-server' | 'external';
  stop: () => Promise<void>;
}

/**
 * Runs FerretDB through a small shell guard: the guard holds a pipe from us on its stdin and stops
 * FerretDB when that pipe closes, so even a killed parent (SIGKILL) leaves no database behind.
 * FerretDB runs in its own process group, so Ctrl-C reaches us first and we drain requests before
 * stopping it.
 */
export async function startFerretDb(binary: string, dataDir: string, options: { port?: number; quiet?: boolean } = {}): Promise<RunningDatabase> {
  const port = options.port ?? (await freePort());
  const sqliteDir = path.join(dataDir, 'ferretdb');
  mkdirSync(sqliteDir, { recursive: true });
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${sqliteDir}/`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    `--state-dir=${sqliteDir}`,
    '--log-level=error',
    '--log-format=text',
  ];
  const guard = [
    'exec 3<&0',
    '"$0" "$@" </dev/null & fpid=$!',
    "trap 'kill -TERM $fpid 2>/dev/null' TERM INT HUP",
    '( cat <&3 >/dev/null; kill -TERM $fpid 2>/dev/null ) &',
    'wait $fpid; status=$?; wait $fpid 2>/dev/null; exit $status',
  ].join('\n');
  const child = spawn('/bin/sh', ['-c', guard, binary, ...args], {
    stdio: ['pipe', 'ignore', options.quiet ? 'ignore' : 'pipe'],
    detached: true,
    env: childEnv(),
  });
  let stderrTail = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderrTail = (stderrTail + c.toString()).slice(-2000);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const up = await Promise.race([waitForPort(port, 30_000).then(() => true), exited.then(() => false)]);
  if (!up) throw new Error(`FerretDB did not start: ${stderrTail.trim() || 'it exited at once'}`);

  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    kind: 'ferretdb',
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
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

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
    await delay(100);
  }
}
