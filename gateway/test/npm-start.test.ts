import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@tasklane/platform';

const MAIN = path.resolve(__dirname, '../dist/src/main.js');

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Runs what `npm start` runs (after its build step): embedded PostgreSQL under DATA_DIR. */
function start(dataDir: string, port: number): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn" };
  delete env.DATABASE_URL;
  delete env.JEST_WORKER_ID;
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready at (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('npm start (embedded default)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tasklane-start-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts with embedded PostgreSQL, stops cleanly on Ctrl-C, and reuses the data on the next start', async () => {
    const port = await freePort();
    const first = await start(dataDir, port);
    expect(first.url).toBe(`http://localhost:${port}`);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    const signup = await fetch(`${first.url}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'persist@example.com', password: 'persistent' }),
    });
    expect(signup.status).toBe(201);
    const { token } = (await signup.json()) as any;
    await fetch(`${first.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation { createTask(input: { title: "Survives restarts" }) { id } }' }),
    });
    expect(await stop(first.child)).toBe(0);
    expect(await portOpen(port)).toBe(false);

    const second = await start(dataDir, port);
    try {
      // same secrets (the old token still works) and same data
      const res = await fetch(`${second.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ tasks { edges { node { title } } } }' }),
      });
      expect((await res.json() as any).data.tasks.edges).toEqual([{ node: { title: 'Survives restarts' } }]);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  });
});
