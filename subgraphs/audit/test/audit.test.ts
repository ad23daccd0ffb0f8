import { randomUUID } from 'node:crypto';
import type { TaskEvent } from '@tasklane/runtime';
import { startSubgraph, testIdentity, type SubgraphFixture } from '@tasklane/testkit';
import { createAuditSubgraph, migrateAudit } from '../src';
import type { AuditContext } from '../src/resolvers';
import { AuditLog } from '../src/services/audit-log';

const event = (over: Partial<TaskEvent> & Pick<TaskEvent, 'user_id' | 'task_id'>): TaskEvent => ({
  event_id: randomUUID(),
  event_type: 'updated',
  actor: over.user_id,
  task_data: null,
  changes: {},
  timestamp: new Date().toISOString(),
  ...over,
});

describe('audit subgraph', () => {
  let f: SubgraphFixture<AuditContext>;
  let log: AuditLog;
  const alice = testIdentity(randomUUID());
  const bob = testIdentity(randomUUID());
  beforeAll(async () => {
    f = await startSubgraph(migrateAudit, createAuditSubgraph);
    log = new AuditLog(f.database.db);
  });
  afterAll(async () => {
    await f.stop();
  });

  it('records an event once however often it is delivered', async () => {
    const e = event({ user_id: alice.userId, task_id: randomUUID(), event_type: 'created' });
    expect(await log.record(e)).toBe(true);
    expect(await log.record(e)).toBe(false);
    const r = await f.run(alice, 'query($t: ID) { activity(taskId: $t) { edges { node { eventId action actor } } } }', { t: e.task_id });
    expect(r.data.activity.edges).toEqual([{ node: { eventId: e.event_id, action: 'CREATED', actor: alice.userId } }]);
  });

  it('uses the specific action an update names, and keeps changes', async () => {
    const taskId = randomUUID();
    await log.record(event({ user_id: alice.userId, task_id: taskId, action: 'TAGGED', changes: { tags: { from: [], to: ['home'] } } }));
    const r = await f.run(alice, 'query($t: ID) { activity(taskId: $t) { edges { node { action changes } } } }', { t: taskId });
    expect(r.data.activity.edges[0].node).toEqual({ action: 'TAGGED', changes: { tags: { from: [], to: ['home'] } } });
  });

  it('pages newest first without gaps or repeats, and only the caller’s entries', async () => {
    const taskId = randomUUID();
    const base = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const e = event({ user_id: alice.userId, task_id: taskId, timestamp: new Date(base + (i < 4 ? 0 : i) * 1000).toISOString() });
      ids.push(e.event_id);
      await log.record(e);
    }
    await log.record(event({ user_id: bob.userId, task_id: taskId }));
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const r = await f.run(alice, 'query($t: ID, $a: String) { activity(taskId: $t, first: 3, after: $a) { edges { node { eventId } } pageInfo { hasNextPage endCursor } } }', { t: taskId, a: after });
      seen.push(...r.data.activity.edges.map((e: any) => e.node.eventId));
      after = r.data.activity.pageInfo.hasNextPage ? r.data.activity.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual([...ids].reverse());
  });

  it('resolves Task.history for many tasks in one query', async () => {
    const [t1, t2] = [randomUUID(), randomUUID()];
    await log.record(event({ user_id: alice.userId, task_id: t1, event_type: 'created' }));
    await log.record(event({ user_id: alice.userId, task_id: t1, event_type: 'completed' }));
    await log.record(event({ user_id: alice.userId, task_id: t2, event_type: 'created' }));
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    f.database.db.on('query', onQuery);
    const r = await f.run(alice, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id history(first: 1) { action } } } }', {
      r: [t1, t2].map((id) => ({ __typename: 'Task', id })),
    });
    f.database.db.off('query', onQuery);
    expect(r.data._entities).toEqual([
      { id: t1, history: [{ action: 'COMPLETED' }] },
      { id: t2, history: [{ action: 'CREATED' }] },
    ]);
    expect(queries.filter((q) => q.includes("row_number()"))).toHaveLength(1);
  });

  it('names the field of bad paging input', async () => {
    const r = await f.run(alice, '{ activity(first: 500) { edges { cursor } } }');
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const bad = await f.run(alice, '{ activity(after: "zzz") { edges { cursor } } }');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
