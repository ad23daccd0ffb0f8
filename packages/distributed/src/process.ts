import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** resolves with the exit code when the process ends */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs` */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (fault tests) */
  kill(): Promise<void>;
}

export interface SpawnOptions {
  cwd: string;
  env?: Record<string, string>;
  logDir: string;
}

const running = new Set<ChildProcess>();

/**
 * SIGKILLs every process started here that is still running. Synchronous, so it also works in an
 * 'exit' handler: the processes run in their own groups and would otherwise outlive us.
 */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Starts a process whose output goes to `<logDir>/<name>.log`. */
export function startProcess(name: string, command: string, args: string[], options: SpawnOptions): ManagedProcess {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = path.join(options.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  // its own process group: a Ctrl-C in the terminal reaches the orchestrator only, which stops
  // the processes in order
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => running.delete(child));
  void exited.then(() => log.end());
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    logFile,
    exited,
    async stop(graceMs = 10_000) {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!alive()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resolves when `port` accepts connections; fails if `owner` exits first or time runs out. */
export async function waitForPort(port: number, owner: ManagedProcess, timeoutMs = 60_000): Promise<void> {
  await waitUntil(() => portOpen(port), [owner], `port ${port}`, timeoutMs);
}

/** Polls `check` until it passes; fails as soon as one of `owners` exits, or when time runs out. */
export async function waitUntil(check: () => Promise<boolean>, owners: ManagedProcess[], what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead: { owner: ManagedProcess; code: number | null } | undefined;
  for (const owner of owners) void owner.exited.then((code) => (dead ??= { owner, code }));
  while (!(await check().catch(() => false))) {
    if (dead) throw new Error(`${dead.owner.name} exited (${dead.code}) before ${what} was ready; see ${dead.owner.logFile}`);
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs / 1000} s; see ${owners.map((o) => o.logFile).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  return res.ok;
}
