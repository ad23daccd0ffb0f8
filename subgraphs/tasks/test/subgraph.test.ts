import { randomUUID } from 'node:crypto';
import { createLogger, signIdentity, SubgraphServer, IDENTITY_HEADER, type Identity } from '@tasklane/platform';
import { companionsOf, startSubgraph, testIdentity, TEST_SIGNING_KEY as KEY, type SubgraphFixture, type TestDatabase } from '@tasklane/testkit';
import { createTasksSubgraph, migrateTasks, type TasksContext } from '../src';

describe('tasks subgraph', () => {
  let fixture: SubgraphFixture<TasksContext>;
  let database: TestDatabase;
  let server: SubgraphServer<TasksContext>;
  const alice = testIdentity(randomUUID());
  const bob = testIdentity(randomUUID(), true);

  beforeAll(async () => {
    // the real services createTask invokes, hosted beside it
    fixture = await startSubgraph(migrateTasks, createTasksSubgraph, {
      companions: companionsOf('tasks'),
    });
    ({ database, server } = fixture);
  });
  afterAll(async () => {
    await fixture.stop();
  });

  const run = (identity: Identity, query: string, variables?: Record<string, unknown>) => fixture.run(identity, query, variables);

  const create = async (identity: Identity, input: Record<string, unknown>) =>
    (await run(identity, 'mutation($i: CreateTaskInput!) { createTask(input: $i) { id title status priority dueAt } }', { i: input }))
      .data!.createTask;

  const events = async (taskId: string) =>
    (
      await database.db.raw(`select topic, data from runtime.outbox where data->>'task_id' = ? order by seq`, [taskId])
    ).rows as Array<{ topic: string; data: any }>;

  it('creates, updates, completes, reopens and deletes, each with its events in the outbox', async () => {
    const task = await create(alice, { title: ' Write report ', priority: 'HIGH', dueAt: '2030-01-01T09:00:00+01:00' });
    expect(task).toMatchObject({ title: 'Write report', status: 'PENDING', priority: 'HIGH', dueAt: '2030-01-01T08:00:00.000Z' });

    const updated = await run(alice, `mutation($id: ID!) { updateTask(id: $id, input: { description: "draft", dueAt: null }) { description dueAt title } }`, { id: task.id });
    expect(updated.data.updateTask).toEqual({ description: 'draft', dueAt: null, title: 'Write report' });

    await run(alice, 'mutation($id: ID!) { completeTask(id: $id) { status completedAt } }', { id: task.id });
    await run(alice, 'mutation($id: ID!) { completeTask(id: $id) { status } }', { id: task.id }); // idempotent: no event
    const reopened = await run(alice, 'mutation($id: ID!) { reopenTask(id: $id) { status completedAt } }', { id: task.id });
    expect(reopened.data.reopenTask).toEqual({ status: 'PENDING', completedAt: null });
    expect((await run(alice, 'mutation($id: ID!) { deleteTask(id: $id) }', { id: task.id })).data.deleteTask).toBe(true);

    const log = await events(task.id);
    const types = log.filter((e) => e.topic === 'task-events').map((e) => e.data.event_type);
    expect(types).toEqual(['created', 'updated', 'completed', 'reopened', 'deleted']);
    expect(log.filter((e) => e.topic === 'task-updates')).toHaveLength(5);
    const updatedEvent = log.find((e) => e.data.event_type === 'updated')!.data;
    expect(updatedEvent.changes).toEqual({
      description: { from: null, to: 'draft' },
      dueAt: { from: '2030-01-01T08:00:00.000Z', to: null },
    });
    expect(updatedEvent).toMatchObject({ user_id: alice.userId, actor: alice.userId, task_id: task.id });
    expect(updatedEvent.task_data).toMatchObject({ id: task.id, title: 'Write report', description: 'draft' });
    const completedUpdate = log.find((e) => e.topic === 'task-updates' && e.data.event_type === 'completed')!.data;
    expect(completedUpdate).toMatchObject({ old_status: 'PENDING', new_status: 'COMPLETED' });
    // task-events and task-updates of one change share the event id
    expect(new Set(log.map((e) => e.data.event_id)).size).toBe(5);
  });

  it('an update that changes nothing writes no event', async () => {
    const task = await create(alice, { title: 'Same' });
    await run(alice, `mutation($id: ID!) { updateTask(id: $id, input: { title: "Same" }) { id } }`, { id: task.id });
    expect((await events(task.id)).map((e) => e.data.event_type)).toEqual(['created', 'created']);
  });

  it('records the assistant as actor when the chatbot acts', async () => {
    const task = await create(bob, { title: 'Via chat' });
    expect((await events(task.id))[0].data.actor).toBe(`assistant:${bob.userId}`);
  });

  it('a failed write yields no task and no event', async () => {
    const before = (await database.db.raw('select count(*)::int as n from runtime.outbox')).rows[0].n;
    const result = await run(alice, 'mutation { createTask(input: { title: "   " }) { id } }');
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect((await database.db.raw('select count(*)::int as n from runtime.outbox')).rows[0].n).toBe(before);
  });

  it("treats another user's task as not found", async () => {
    const task = await create(alice, { title: 'Private' });
    for (const op of ['completeTask', 'reopenTask']) {
      const r = await run(bob, `mutation($id: ID!) { ${op}(id: $id) { id } }`, { id: task.id });
      expect(r.errors?.[0].extensions.code).toBe('NOT_FOUND');
    }
    expect((await run(bob, 'mutation($id: ID!) { deleteTask(id: $id) }', { id: task.id })).errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect((await run(bob, 'query($id: ID!) { task(id: $id) { id } }', { id: task.id })).errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect((await run(bob, 'query { task(id: "not-a-uuid") { id } }')).errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('resolves _entities references in one batched query, only for their owner', async () => {
    const a = await create(alice, { title: 'Ref A' });
    const b = await create(alice, { title: 'Ref B' });
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    database.db.on('query', onQuery);
    const result = await run(
      alice,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id title isOverdue isDueSoon } } }`,
      { r: [a, b, { id: randomUUID() }].map((t) => ({ __typename: 'Task', id: t.id })) },
    );
    database.db.off('query', onQuery);
    expect(result.data._entities).toEqual([
      { id: a.id, title: 'Ref A', isOverdue: false, isDueSoon: false },
      { id: b.id, title: 'Ref B', isOverdue: false, isDueSoon: false },
      null,
    ]);
    expect(queries.filter((q) => q.startsWith('select "tasks"."tasks".* from "tasks"."tasks" where "id" in'))).toHaveLength(1);
    const asBob = await run(bob, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id } } }`, {
      r: [{ __typename: 'Task', id: a.id }],
    });
    expect(asBob.data._entities).toEqual([null]);
  });

  it('answers only requests signed by the gateway', async () => {
    const body = { query: '{ tasks { totalCount } }' };
    const unsigned = (await server.execute({ headers: {}, body })) as any;
    expect(unsigned.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const forged = (await server.execute({ headers: { [IDENTITY_HEADER]: signIdentity(alice, 'wrong-key') }, body })) as any;
    expect(forged.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const expired = signIdentity(alice, KEY, Date.now() - 3_600_000);
    expect(((await server.execute({ headers: { [IDENTITY_HEADER]: expired }, body })) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const signed = (await server.execute({ headers: { [IDENTITY_HEADER]: signIdentity(alice, KEY) }, body })) as any;
    expect(signed.data.tasks.totalCount).toBeGreaterThan(0);
  });

  it('serves the same over HTTP when run standalone', async () => {
    const standalone = new SubgraphServer(fixture.module.definition, KEY, createLogger('test'));
    await standalone.start();
    const port = await standalone.listen(0);
    try {
      const post = (headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: '{ tasks(first: 1) { totalCount } }' }),
        });
      const refused = await post({});
      expect(refused.status).toBe(401);
      expect((await refused.json() as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const ok = await post({ [IDENTITY_HEADER]: signIdentity(alice, KEY) });
      expect(ok.status).toBe(200);
      expect((await ok.json() as any).data.tasks.totalCount).toBeGreaterThan(0);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    } finally {
      await standalone.stop();
    }
  });
});
