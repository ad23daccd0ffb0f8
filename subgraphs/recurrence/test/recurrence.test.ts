import { randomUUID } from 'node:crypto';
import { TaskService } from '@tasklane/tasks';
import { companionsOf, eventually, startSubgraph, testIdentity, TEST_SIGNING_KEY, type SubgraphFixture } from '@tasklane/testkit';
import { createRecurrenceSubgraph, migrateRecurrence } from '../src';
import type { RecurrenceContext } from '../src/resolvers';

describe('recurrence subgraph', () => {
  let f: SubgraphFixture<RecurrenceContext>;
  let tasks: TaskService;
  const alice = testIdentity(randomUUID());
  beforeAll(async () => {
    f = await startSubgraph(migrateRecurrence, createRecurrenceSubgraph, {
      companions: companionsOf('recurrence'),
    });
    tasks = new TaskService(f.database.db, f.runtime, TEST_SIGNING_KEY);
  });
  afterAll(async () => {
    await f.stop();
  });

  it('resolves Task.recurrence for many tasks in one query', async () => {
    const a = await tasks.create(alice, { title: 'A', dueAt: new Date('2030-01-01T09:00:00Z'), recurrence: { frequency: 'DAILY' } });
    const b = await tasks.create(alice, { title: 'B' });
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    f.database.db.on('query', onQuery);
    const r = await f.run(alice, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id recurrence { rrule nextDueAt occurrences } } } }', {
      r: [a, b].map((t) => ({ __typename: 'Task', id: t.id })),
    });
    f.database.db.off('query', onQuery);
    expect(r.data._entities).toEqual([
      { id: a.id, recurrence: { rrule: 'FREQ=DAILY', nextDueAt: '2030-01-02T09:00:00.000Z', occurrences: 1 } },
      { id: b.id, recurrence: null },
    ]);
    expect(queries.filter((q) => q.includes("to_jsonb(s)"))).toHaveLength(1);
  });

  it('finishes a reservation a failed try left behind, with the same task', async () => {
    const a = await tasks.create(alice, { title: 'Reserved', dueAt: new Date('2030-01-01T09:00:00Z'), recurrence: { frequency: 'WEEKLY' } });
    const { series_id } = await f.database.db('recurrence.occurrences').where('task_id', a.id).first();
    const reservedId = randomUUID();
    // as if a try reserved position 2 and died before the tasks service created the task
    await f.database.db('recurrence.occurrences').insert({ task_id: reservedId, series_id, user_id: alice.userId, position: 2, due_at: new Date('2030-01-08T09:00:00Z'), confirmed: false });
    await tasks.complete(alice, a.id);
    const next = await eventually(async () => (await tasks.get(alice, reservedId)) ?? undefined);
    expect(next).toMatchObject({ title: 'Reserved', dueAt: new Date('2030-01-08T09:00:00Z'), recurring: true });
    const { rows } = await f.database.db.raw(`select count(*)::int as n from tasks.tasks where title = 'Reserved'`);
    expect(rows[0].n).toBe(2);
  });

  it('previews the due dates of an unsaved rule, in its timezone, within count', async () => {
    const r = await f.run(alice, 'query($i: RecurrenceInput!, $d: DateTime) { previewRecurrence(input: $i, dueAt: $d, limit: 4) }', {
      i: { frequency: 'WEEKLY', byWeekday: ['MO', 'TH'], count: 3, timezone: 'Europe/Berlin' },
      d: '2030-03-25T08:00:00Z', // Monday 09:00 in Berlin, before the switch to summer time
    });
    expect(r.errors).toBeUndefined();
    expect(r.data.previewRecurrence).toEqual(['2030-03-25T08:00:00.000Z', '2030-03-28T08:00:00.000Z', '2030-04-01T07:00:00.000Z']);
  });

  it('previews at most 100 dates, and none when asked for none', async () => {
    const ask = (limit: number) => f.run(alice, 'query($l: Int) { previewRecurrence(input: { frequency: DAILY }, limit: $l) }', { l: limit });
    expect((await ask(1_000_000)).data.previewRecurrence).toHaveLength(100);
    expect((await ask(0)).data.previewRecurrence).toEqual([]);
    expect((await ask(-3)).data.previewRecurrence).toEqual([]);
  });

  it('names the field when a previewed rule is invalid', async () => {
    const r = await f.run(alice, 'query($i: RecurrenceInput!) { previewRecurrence(input: $i) }', { i: { frequency: 'DAILY', timezone: 'Mars/Olympus' } });
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timezone' });
  });
});
