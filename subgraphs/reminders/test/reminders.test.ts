import { randomUUID } from 'node:crypto';
import { TaskService } from '@tasklane/tasks';
import { companionsOf, startSubgraph, testIdentity, TEST_SIGNING_KEY, type SubgraphFixture } from '@tasklane/testkit';
import { createLogger } from '@tasklane/platform';
import { createRemindersSubgraph, migrateReminders, ReminderService } from '../src';
import type { RemindersContext } from '../src/resolvers';

describe('reminders subgraph', () => {
  let f: SubgraphFixture<RemindersContext>;
  let tasks: TaskService;
  let service: ReminderService;
  const alice = testIdentity(randomUUID());
  beforeAll(async () => {
    f = await startSubgraph(migrateReminders, (deps) => createRemindersSubgraph({ ...deps, email: false }), {
      companions: companionsOf('reminders'),
    });
    tasks = new TaskService(f.database.db, f.runtime, TEST_SIGNING_KEY);
    service = new ReminderService(f.database.db, f.runtime, createLogger('test'), () => false);
  });
  afterAll(async () => {
    await f.stop();
  });

  it('resolves Task.reminders for many tasks in one query', async () => {
    const due = new Date(Date.now() + 86_400_000);
    const a = await tasks.create(alice, { title: 'A', dueAt: due });
    const b = await tasks.create(alice, { title: 'B', dueAt: due, reminders: [] });
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    f.database.db.on('query', onQuery);
    const r = await f.run(alice, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id reminders { before status } } } }', {
      r: [a, b].map((t) => ({ __typename: 'Task', id: t.id })),
    });
    f.database.db.off('query', onQuery);
    expect(r.data._entities).toEqual([
      { id: a.id, reminders: [{ before: 'PT1H', status: 'SCHEDULED' }] },
      { id: b.id, reminders: [] },
    ]);
    expect(queries.filter((q) => q.startsWith(`select * from "reminders"."reminders" where "user_id"`))).toHaveLength(1);
  });

  it('fires once however often its job runs, and records EMAIL as not deliverable without SMTP', async () => {
    const t = await tasks.create(alice, { title: 'Once', reminders: [{ at: new Date(Date.now() + 60_000).toISOString(), channels: ['EMAIL'] }] });
    const [reminder] = (await service.forTasks(alice.userId, [t.id])).get(t.id)!;
    await f.database.db('reminders.reminders').where('id', reminder.id).update({ remind_at: new Date(Date.now() - 1_000) });
    await Promise.all([service.fire(reminder.id), service.fire(reminder.id), service.fire(reminder.id)]);
    const { rows } = await f.database.db.raw(`select count(*)::int as n from runtime.outbox where topic = 'reminders' and data->>'reminder_id' = ?`, [reminder.id]);
    expect(rows[0].n).toBe(1);
    const [after] = (await service.forTasks(alice.userId, [t.id])).get(t.id)!;
    expect(after.status).toBe('SENT');
    expect(after.deliveries).toEqual([expect.objectContaining({ channel: 'EMAIL', status: 'NOT_CONFIGURED' })]);
  });
});
