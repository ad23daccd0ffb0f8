import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@tasklane/platform';
import { eventually, graphql, signUp } from '@tasklane/testkit';
import { startSystem, type RunningSystem } from '../src';

/** A PostgreSQL of its own, stopped and started under a running system. */
describe('database outage', () => {
  let dir: string;
  let port: number;
  let pg: EmbeddedPostgresHandle;
  let sys: RunningSystem;
  const start = () =>
    startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port, settings: { fsync: 'off' } });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tasklane-outage-'));
    port = await freePort();
    pg = await start();
    sys = await startSystem({ dataDir: dir, databaseUrl: pg.url });
  });
  afterAll(async () => {
    await sys?.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports 503 and fails requests cleanly while down, then resumes without a restart', async () => {
    const session = await signUp(sys.url, 'Outage');
    const create = (title: string) => graphql(sys.url, session, 'mutation($t: String!) { createTask(input: { title: $t }) { id } }', { t: title });
    expect((await create('before')).errors).toBeUndefined();

    await pg.stop();
    await eventually(async () => ((await fetch(`${sys.url}/readyz`)).status === 503 ? true : undefined), 10_000);
    const failed = await create('during');
    expect(failed.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(failed)).not.toMatch(/ECONNREFUSED|stack|insert/i);
    expect((await fetch(`${sys.url}/healthz`)).status).toBe(200);

    pg = await start();
    await eventually(async () => ((await fetch(`${sys.url}/readyz`)).status === 200 ? true : undefined), 20_000);
    expect((await create('after')).errors).toBeUndefined();
    const list = await graphql<{ tasks: { edges: Array<{ node: { title: string } }> } }>(
      sys.url,
      session,
      '{ tasks(sort: [{ field: CREATED_AT }]) { edges { node { title } } } }',
    );
    expect(list.data?.tasks.edges.map((e) => e.node.title)).toEqual(['before', 'after']);
  });
});
