import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@tasklane/platform';
import { startSystem, type RunningSystem } from '@tasklane/gateway';

export interface BenchSystem {
  sys: RunningSystem;
  token: string;
  userId: string;
  /** the key services sign invocations with, for calling services directly */
  signingKey: string;
  close(): Promise<void>;
}

/** The embedded system on a throwaway PostgreSQL, with one signed-up user. */
export async function startBenchSystem(): Promise<BenchSystem> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tasklane-bench-'));
  const pg: EmbeddedPostgresHandle = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), settings: { shared_buffers: '256MB', max_connections: '300' } });
  process.env.LOG_LEVEL ??= 'warn';
  const sys = await startSystem({ dataDir: dir, databaseUrl: pg.url });
  const res = await fetch(`${sys.url}/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: 'benchmark' }),
  });
  const { token, user } = (await res.json()) as { token: string; user: { id: string } };
  return {
    sys,
    token,
    userId: user.id,
    signingKey: (await sys.runtime.secrets.get('INTERNAL_SIGNING_KEY'))!,
    async close() {
      await sys.stop();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
