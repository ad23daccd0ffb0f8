import { enqueue, Topics } from '@tasklane/runtime';
import { eventually, gql, graphql, signUp, startTestSystem, type Session, type TestSystem } from '@tasklane/testkit';

const DAY = 86_400_000;
const TASK = `id title description priority status dueAt
  tags { name }
  reminders { before channels status }
  recurrence { id rrule frequency interval byWeekday byMonthDay count until mode autoCreate timezone active occurrences nextDueAt upcoming(limit: 3) }`;

describe('recurrence through the system', () => {
  let sys: TestSystem;
  let alice: Session;
  beforeAll(async () => {
    sys = await startTestSystem();
    alice = await signUp(sys.url, 'Alice');
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const create = (s: Session, input: Record<string, unknown>) =>
    gql(sys.url, s, `mutation($i: CreateTaskInput!) { createTask(input: $i) { ${TASK} } }`, { i: input }).then((d) => d.createTask);
  const complete = (s: Session, id: string) => gql(sys.url, s, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id });
  const series = async (s: Session, title: string) =>
    (
      await gql(sys.url, s, `query($q: String) { tasks(search: $q, sort: [{ field: DUE_AT }], first: 50) { edges { node { ${TASK} } } } }`, { q: title })
    ).tasks.edges
      .map((e: any) => e.node)
      .filter((t: any) => t.title === title);
  const waitForCount = (s: Session, title: string, n: number) =>
    eventually(async () => {
      const all = await series(s, title);
      return all.length === n ? all : undefined;
    }, 2_000);

  it('creates a task with tags, recurrence and reminders in one call, and shows them at once', async () => {
    const due = '2030-01-07T08:00:00Z'; // a Monday, 09:00 in Berlin
    const t = await create(alice, {
      title: 'Weekly review',
      description: 'look back, plan ahead',
      priority: 'HIGH',
      dueAt: due,
      tags: ['work', 'Planning'],
      recurrence: { frequency: 'WEEKLY', byWeekday: ['MO', 'TH'], timezone: 'Europe/Berlin' },
      reminders: [{ before: 'PT30M' }, { before: 'P1D', channels: ['EMAIL'] }],
    });
    expect(t.tags.map((x: any) => x.name)).toEqual(['Planning', 'work']);
    expect(t.reminders.map((r: any) => r.before)).toEqual(['P1D', 'PT30M']);
    expect(t.recurrence).toMatchObject({
      rrule: 'FREQ=WEEKLY;BYDAY=MO,TH',
      frequency: 'WEEKLY',
      interval: 1,
      byWeekday: ['MO', 'TH'],
      mode: 'FROM_DUE_DATE',
      autoCreate: false,
      timezone: 'Europe/Berlin',
      active: true,
      occurrences: 1,
      nextDueAt: '2030-01-10T08:00:00.000Z',
      upcoming: ['2030-01-10T08:00:00.000Z', '2030-01-14T08:00:00.000Z', '2030-01-17T08:00:00.000Z'],
    });
    const { tasks } = await gql(sys.url, alice, '{ tasks(filter: { recurring: true }) { edges { node { title } } } }');
    expect(tasks.edges).toEqual([{ node: { title: 'Weekly review' } }]);
  });

  it('completing makes exactly one next task with the same content, due at the next date, within 2 s', async () => {
    const first = (await series(alice, 'Weekly review'))[0];
    const started = Date.now();
    await complete(alice, first.id);
    const [, next] = await waitForCount(alice, 'Weekly review', 2);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(next).toMatchObject({
      description: 'look back, plan ahead',
      priority: 'HIGH',
      status: 'PENDING',
      dueAt: '2030-01-10T08:00:00.000Z',
      tags: [{ name: 'Planning' }, { name: 'work' }],
    });
    expect(next.reminders.map((r: any) => [r.before, r.channels])).toEqual([
      ['P1D', ['EMAIL']],
      ['PT30M', ['IN_APP']],
    ]);
    expect(next.recurrence).toMatchObject({ id: first.recurrence.id, occurrences: 2, nextDueAt: '2030-01-14T08:00:00.000Z' });

    // a second completion and a duplicated event make no second one
    await gql(sys.url, alice, 'mutation($id: ID!) { reopenTask(id: $id) { id } }', { id: first.id });
    await complete(alice, first.id);
    const { rows } = await sys.db.raw(`select data from runtime.outbox where topic = ? and data->>'task_id' = ? and data->>'event_type' = 'completed'`, [Topics.taskEvents, first.id]);
    await sys.db.transaction((trx) => enqueue(trx, [{ topic: Topics.taskEvents, source: 'test-duplicate', data: rows[0].data }]));
    await new Promise((r) => setTimeout(r, 800));
    expect(await series(alice, 'Weekly review')).toHaveLength(2);

    const { activity } = await gql(sys.url, alice, 'query($t: ID) { activity(taskId: $t) { edges { node { action actor } } } }', { t: next.id });
    expect(activity.edges.map((e: any) => e.node)).toEqual([{ action: 'OCCURRENCE_CREATED', actor: 'system' }]);
  });

  it('keeps 09:00 local across a DST change', async () => {
    // Saturday 30 March 2030, 09:00 CET; summer time starts on Sunday the 31st
    const t = await create(alice, { title: 'DST standup', dueAt: '2030-03-30T08:00:00Z', recurrence: { rrule: 'FREQ=DAILY', timezone: 'Europe/Berlin' }, reminders: [] });
    await complete(alice, t.id);
    const [, next] = await waitForCount(alice, 'DST standup', 2);
    expect(next.dueAt).toBe('2030-03-31T07:00:00.000Z'); // 09:00 CEST
  });

  it('stops after count, then is inactive', async () => {
    const t = await create(alice, { title: 'Twice', dueAt: '2030-05-01T09:00:00Z', recurrence: { rrule: 'FREQ=DAILY;COUNT=2' }, reminders: [] });
    await complete(alice, t.id);
    const [, second] = await waitForCount(alice, 'Twice', 2);
    expect(second.recurrence).toMatchObject({ active: false, occurrences: 2, nextDueAt: null, upcoming: [] });
    await complete(alice, second.id);
    await new Promise((r) => setTimeout(r, 800));
    expect(await series(alice, 'Twice')).toHaveLength(2);
  });

  it('stops after until', async () => {
    const t = await create(alice, { title: 'Until', dueAt: '2030-05-01T09:00:00Z', recurrence: { frequency: 'MONTHLY', until: '2030-05-20T00:00:00Z' }, reminders: [] });
    expect(t.recurrence).toMatchObject({ nextDueAt: null, upcoming: [] });
    await complete(alice, t.id);
    await new Promise((r) => setTimeout(r, 800));
    expect(await series(alice, 'Until')).toHaveLength(1);
    const [again] = await series(alice, 'Until');
    expect(again.recurrence.active).toBe(false);
  });

  it('FROM_COMPLETION counts from the completion; a task without a due date is based on its completion', async () => {
    const t = await create(alice, { title: 'Water cactus', dueAt: '2020-01-01T18:00:00Z', recurrence: { frequency: 'DAILY', interval: 3, mode: 'FROM_COMPLETION' }, reminders: [] });
    const before = Date.now();
    await complete(alice, t.id);
    const [next] = (await waitForCount(alice, 'Water cactus', 2)).filter((x: any) => x.status === 'PENDING');
    const due = Date.parse(next.dueAt);
    expect(new Date(due).getUTCHours()).toBe(18);
    expect(due).toBeGreaterThan(before + 2 * DAY);
    expect(due).toBeLessThanOrEqual(before + 3 * DAY + DAY);

    const undated = await create(alice, { title: 'Undated repeat', recurrence: { frequency: 'WEEKLY' } });
    await complete(alice, undated.id);
    const [n2] = (await waitForCount(alice, 'Undated repeat', 2)).filter((x: any) => x.status === 'PENDING');
    expect(Math.abs(Date.parse(n2.dueAt) - (Date.now() + 7 * DAY))).toBeLessThan(60_000);
  });

  it('completing an overdue task: the next is due after the old due date (FROM_DUE_DATE)', async () => {
    const t = await create(alice, { title: 'Overdue weekly', dueAt: '2026-01-05T09:00:00Z', recurrence: { frequency: 'WEEKLY' }, reminders: [] });
    await complete(alice, t.id);
    const [next] = (await waitForCount(alice, 'Overdue weekly', 2)).filter((x: any) => x.status === 'PENDING');
    expect(next.dueAt).toBe('2026-01-12T09:00:00.000Z');
  });

  it('autoCreate makes the next occurrence at its due time while the last is open', async () => {
    const dueAt = new Date(Math.ceil((Date.now() - DAY + 1_500) / 1000) * 1000).toISOString(); // next daily occurrence in ~2 s
    await create(alice, { title: 'Auto daily', dueAt, recurrence: { frequency: 'DAILY', autoCreate: true }, reminders: [] });
    const all = await eventually(async () => {
      const s = await series(alice, 'Auto daily');
      return s.length === 2 ? s : undefined;
    }, 4_000);
    expect(all.every((t: any) => t.status === 'PENDING')).toBe(true);
    expect(Date.parse(all[1].dueAt) - Date.parse(all[0].dueAt)).toBe(DAY);
    await complete(alice, all[0].id); // its next one exists already
    await new Promise((r) => setTimeout(r, 800));
    expect(await series(alice, 'Auto daily')).toHaveLength(2);
  });

  it('skipOccurrence moves the open one; clearRecurrence stops it; deleteTask SERIES ends the series', async () => {
    const t = await create(alice, { title: 'Skippable', dueAt: '2030-06-01T09:00:00Z', recurrence: { frequency: 'WEEKLY' }, reminders: [] });
    const { skipOccurrence } = await gql(sys.url, alice, `mutation($id: ID!) { skipOccurrence(taskId: $id) { dueAt recurrence { nextDueAt } } }`, { id: t.id });
    expect(skipOccurrence).toEqual({ dueAt: '2030-06-08T09:00:00.000Z', recurrence: { nextDueAt: '2030-06-15T09:00:00.000Z' } });

    const { clearRecurrence } = await gql(sys.url, alice, `mutation($id: ID!) { clearRecurrence(taskId: $id) { recurrence { id } } }`, { id: t.id });
    expect(clearRecurrence.recurrence).toBeNull();
    await complete(alice, t.id);
    await new Promise((r) => setTimeout(r, 600));
    expect(await series(alice, 'Skippable')).toHaveLength(1);

    const s = await create(alice, { title: 'Deleted series', dueAt: '2030-06-01T09:00:00Z', recurrence: { frequency: 'DAILY' }, reminders: [] });
    const { setRecurrence } = await gql(sys.url, alice, `mutation($id: ID!) { setRecurrence(taskId: $id, input: { rrule: "FREQ=DAILY;INTERVAL=2" }) { recurrence { rrule nextDueAt } } }`, { id: s.id });
    expect(setRecurrence.recurrence).toEqual({ rrule: 'FREQ=DAILY;INTERVAL=2', nextDueAt: '2030-06-03T09:00:00.000Z' });
    await gql(sys.url, alice, 'mutation($id: ID!) { deleteTask(id: $id, scope: SERIES) }', { id: s.id });
    const { rows } = await eventually(async () => {
      const r = await sys.db.raw(`select active from recurrence.series where id = ?`, [t.recurrence?.id ?? s.recurrence.id]);
      return r.rows[0]?.active === false ? r : undefined;
    });
    expect(rows[0].active).toBe(false);
  });

  it('names the field of a bad rule', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ rrule: 'FREQ=SECONDLY' }, 'rrule'],
      [{ rrule: 'FREQ=DAILY', frequency: 'DAILY' }, 'rrule'],
      [{ interval: 2 }, 'frequency'],
      [{ frequency: 'DAILY', interval: 0 }, 'interval'],
      [{ frequency: 'MONTHLY', byMonthDay: [40] }, 'byMonthDay'],
      [{ frequency: 'DAILY', timezone: 'Mars/Olympus' }, 'timezone'],
      [{ frequency: 'DAILY', count: 0 }, 'count'],
    ];
    for (const [recurrence, field] of cases) {
      const r = await graphql(sys.url, alice, 'mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }', { i: { title: 'Bad rule', recurrence } });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await series(alice, 'Bad rule')).toEqual([]);
    const other = await signUp(sys.url, 'Other');
    const [mine] = await series(alice, 'Weekly review');
    for (const op of ['setRecurrence(taskId: $id, input: { frequency: DAILY }) { id }', 'clearRecurrence(taskId: $id) { id }', 'skipOccurrence(taskId: $id) { id }']) {
      expect((await graphql(sys.url, other, `mutation($id: ID!) { ${op} }`, { id: mine.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
  });
});
