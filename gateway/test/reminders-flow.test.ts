import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, eventually, gql, graphql, signUp, startTestSystem, type Session, type TestSystem } from '@tasklane/testkit';
import { startSystem } from '../src';
import { FakeSmtpServer } from '../../subgraphs/reminders/test/fake-smtp-server';

const REMINDER = 'id taskId remindAt before channels status firedAt deliveries { channel status detail }';
const HOUR = 3_600_000;

describe('reminders through the system', () => {
  let sys: TestSystem;
  let smtp: FakeSmtpServer;
  let alice: Session;
  let bob: Session;
  beforeAll(async () => {
    smtp = new FakeSmtpServer();
    process.env.SMTP_URL = await smtp.start();
    sys = await startTestSystem();
    [alice, bob] = await Promise.all([signUp(sys.url, 'Alice'), signUp(sys.url, 'Bob')]);
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    await sys?.stop();
    await smtp?.stop();
  });

  const create = (s: Session, input: Record<string, unknown>) =>
    gql(sys.url, s, `mutation($i: CreateTaskInput!) { createTask(input: $i) { id dueAt reminders { ${REMINDER} } } }`, { i: input }).then((d) => d.createTask);
  const reminders = async (s: Session, id: string) =>
    (await gql(sys.url, s, `query($id: ID!) { task(id: $id) { reminders { ${REMINDER} } } }`, { id })).task.reminders;
  const add = (s: Session, taskId: string, input: Record<string, unknown>) =>
    graphql<{ addReminder: any }>(sys.url, s, `mutation($t: ID!, $i: ReminderInput!) { addReminder(taskId: $t, input: $i) { ${REMINDER} } }`, { t: taskId, i: input });

  it('gives a task with a due date one reminder an hour before, unless told otherwise', async () => {
    const due = new Date(Date.now() + 5 * HOUR).toISOString();
    const t = await create(alice, { title: 'Dentist', dueAt: due });
    expect(t.reminders).toEqual([
      expect.objectContaining({ before: 'PT1H', channels: ['IN_APP'], status: 'SCHEDULED', remindAt: new Date(Date.parse(due) - HOUR).toISOString() }),
    ]);
    expect((await create(alice, { title: 'No reminders', dueAt: due, reminders: [] })).reminders).toEqual([]);
    expect((await create(alice, { title: 'No due date' })).reminders).toEqual([]);
    const custom = await create(alice, { title: 'Custom', dueAt: due, reminders: [{ before: 'P1D' }, { before: 'PT10M', channels: ['EMAIL', 'IN_APP'] }] });
    expect(custom.reminders.map((r: any) => r.before)).toEqual(['P1D', 'PT10M']);
  });

  it('fires a reminder within 1 s of its time, once, and records it', async () => {
    const t = await create(alice, { title: 'Stand up', reminders: [] });
    const at = new Date(Date.now() + 2_000);
    const { data } = await add(alice, t.id, { at: at.toISOString() });
    expect(data?.addReminder).toMatchObject({ status: 'SCHEDULED', before: null, remindAt: at.toISOString() });
    const fired = await eventually(async () => {
      const [r] = await reminders(alice, t.id);
      return r.status === 'SENT' ? r : undefined;
    }, 5_000, 20);
    const late = Date.parse(fired.firedAt) - at.getTime();
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(1_000);
    const { rows } = await sys.db.raw(`select data from runtime.outbox where topic = 'reminders' and data->>'reminder_id' = ?`, [fired.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].data).toMatchObject({ task_id: t.id, user_id: alice.user.id, title: 'Stand up', channels: ['IN_APP'] });
    const actions = await eventually(async () => {
      const { activity } = await gql(sys.url, alice, 'query($t: ID) { activity(taskId: $t) { edges { node { action actor } } } }', { t: t.id });
      return activity.edges.length === 3 ? activity.edges.map((e: any) => e.node) : undefined;
    });
    expect(actions).toEqual([
      { action: 'REMINDER_FIRED', actor: 'system' },
      { action: 'REMINDER_ADDED', actor: alice.user.id },
      { action: 'CREATED', actor: alice.user.id },
    ]);
  });

  it('fires a reminder already past at once, if its task is pending', async () => {
    const t = await create(alice, { title: 'Late', reminders: [{ at: new Date(Date.now() - 60_000).toISOString() }] });
    await eventually(async () => ((await reminders(alice, t.id))[0].status === 'SENT' ? true : undefined), 2_000);
  });

  it('moves before-reminders with the due date, at once', async () => {
    const t = await create(alice, { title: 'Movable', dueAt: new Date(Date.now() + 10 * HOUR).toISOString(), reminders: [{ before: 'PT2H' }, { at: new Date(Date.now() + 3 * HOUR).toISOString() }] });
    const newDue = new Date(Date.now() + 20 * HOUR);
    const { updateTask } = await gql(sys.url, alice, `mutation($id: ID!, $d: DateTime) { updateTask(id: $id, input: { dueAt: $d }) { reminders { before remindAt } } }`, { id: t.id, d: newDue.toISOString() });
    expect(updateTask.reminders).toEqual([
      { before: null, remindAt: t.reminders.find((r: any) => r.before === null).remindAt }, // absolute ones stay
      { before: 'PT2H', remindAt: new Date(newDue.getTime() - 2 * HOUR).toISOString() },
    ].sort((a, b) => a.remindAt.localeCompare(b.remindAt)));
  });

  it('gives a task that gets its first due date the default reminder', async () => {
    const t = await create(alice, { title: 'Later dated' });
    const due = new Date(Date.now() + 4 * HOUR).toISOString();
    const { updateTask } = await gql(sys.url, alice, `mutation($id: ID!, $d: DateTime) { updateTask(id: $id, input: { dueAt: $d }) { reminders { before status } } }`, { id: t.id, d: due });
    expect(updateTask.reminders).toEqual([{ before: 'PT1H', status: 'SCHEDULED' }]);
  });

  it('cancels pending reminders of completed and deleted tasks', async () => {
    const soon = () => [{ at: new Date(Date.now() + 1_500).toISOString() }];
    const done = await create(alice, { title: 'Done early', reminders: soon() });
    const gone = await create(alice, { title: 'Deleted', reminders: soon() });
    await gql(sys.url, alice, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id: done.id });
    await gql(sys.url, alice, 'mutation($id: ID!) { deleteTask(id: $id) }', { id: gone.id });
    await eventually(async () => ((await reminders(alice, done.id))[0].status === 'CANCELLED' ? true : undefined));
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await reminders(alice, done.id))[0].status).toBe('CANCELLED');
    const { rows } = await sys.db.raw(`select count(*)::int as n from runtime.outbox where topic = 'reminders' and data->>'task_id' = any(?)`, [[done.id, gone.id]]);
    expect(rows[0].n).toBe(0);
  });

  it('snoozes and removes reminders', async () => {
    const t = await create(alice, { title: 'Snoozy', reminders: [{ at: new Date(Date.now() - 1_000).toISOString() }] });
    const fired = await eventually(async () => {
      const [r] = await reminders(alice, t.id);
      return r.status === 'SENT' ? r : undefined;
    });
    const until = new Date(Date.now() + 1_000);
    const { snoozeReminder } = await gql(sys.url, alice, `mutation($id: ID!, $u: DateTime!) { snoozeReminder(id: $id, until: $u) { ${REMINDER} } }`, { id: fired.id, u: until.toISOString() });
    expect(snoozeReminder).toMatchObject({ status: 'SCHEDULED', remindAt: until.toISOString(), firedAt: null });
    await eventually(async () => ((await reminders(alice, t.id))[0].status === 'SENT' ? true : undefined), 3_000);
    expect((await gql(sys.url, alice, 'mutation($id: ID!) { removeReminder(id: $id) }', { id: fired.id })).removeReminder).toBe(true);
    expect(await reminders(alice, t.id)).toEqual([]);
    expect((await graphql(sys.url, alice, 'mutation($id: ID!) { removeReminder(id: $id) }', { id: fired.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('sends an e-mail for the EMAIL channel through SMTP, once', async () => {
    const t = await create(alice, { title: 'Mail me', reminders: [{ at: new Date(Date.now() - 1_000).toISOString(), channels: ['EMAIL', 'IN_APP'] }] });
    const r = await eventually(async () => {
      const [x] = await reminders(alice, t.id);
      return x.deliveries.length ? x : undefined;
    }, 5_000);
    expect(r.deliveries).toEqual([{ channel: 'EMAIL', status: 'DELIVERED', detail: `sent to ${alice.user.email}` }]);
    const mails = smtp.received.filter((m) => m.data.includes('Mail me'));
    expect(mails).toHaveLength(1);
    expect(mails[0].to[0]).toContain(alice.user.email);
  });

  it('sends the overdue digest at 08:00 in each user’s timezone, once a day', async () => {
    // a zone where it is 08:xx now, and one where it is not
    const offset = ((8 - new Date().getUTCHours() + 36) % 24) - 12;
    const zone = (hours: number) => (hours >= 0 ? `Etc/GMT-${hours}` : `Etc/GMT+${-hours}`);
    const signUpIn = async (timezone: string) => {
      const res = await fetch(`${sys.url}/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `digest-${Math.random()}@example.com`, password: 'correct horse', timezone }),
      });
      return { status: res.status, body: (await res.json()) as Session & { errors?: Array<{ extensions: { field: string } }> } };
    };
    const morning = (await signUpIn(zone(offset))).body;
    const evening = (await signUpIn(zone(offset >= 0 ? offset - 12 : offset + 12))).body;
    const past = new Date(Date.now() - 2 * HOUR).toISOString();
    for (const who of [morning, evening]) await create(who, { title: `Overdue for ${who.user.email}`, dueAt: past, reminders: [] });
    const done = await create(morning, { title: 'Done already', dueAt: past, reminders: [] });
    await gql(sys.url, morning, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id: done.id });
    await eventually(async () => {
      const { rows } = await sys.db.raw(`select status from reminders.tasks where task_id = ?`, [done.id]);
      return rows[0]?.status === 'COMPLETED' ? true : undefined;
    });

    const cron = (sys.runtime as unknown as { cron: { trigger(name: string): Promise<void> } }).cron;
    await cron.trigger('overdue-digest');
    await cron.trigger('overdue-digest'); // a second tick the same day sends nothing more
    const digests = smtp.received.filter((m) => m.data.includes('Overdue today'));
    expect(digests).toHaveLength(1);
    expect(digests[0].to[0]).toContain(morning.user.email);
    expect(digests[0].data).toContain(`Overdue for ${morning.user.email}`);
    expect(digests[0].data).not.toContain('Done already');

    const bad = await signUpIn('Mars/Olympus');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0].extensions.field).toBe('timezone');
  });

  it('names the field of bad reminder input, and keeps users apart', async () => {
    const dated = await create(alice, { title: 'Dated', dueAt: new Date(Date.now() + HOUR).toISOString(), reminders: [] });
    const undated = await create(alice, { title: 'Undated' });
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [dated.id, { before: 'PT1H', at: new Date().toISOString() }, 'at'],
      [dated.id, {}, 'before'],
      [dated.id, { before: 'an hour' }, 'before'],
      [undated.id, { before: 'PT1H' }, 'before'],
      [dated.id, { at: 'tomorrow' }, 'at'],
      [dated.id, { before: 'PT1H', channels: [] }, 'channels'],
    ];
    for (const [taskId, input, field] of cases) {
      const r = await add(alice, taskId, input);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const bad = await graphql(sys.url, alice, 'mutation { createTask(input: { title: "x", reminders: [{ before: "PT1H" }] }) { id } }');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'before' });
    expect((await add(bob, dated.id, { before: 'PT5M' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await graphql(sys.url, bob, `query($id: ID!) { task(id: $id) { reminders { id } } }`, { id: dated.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('a reminder pending across a restart', () => {
  it('fires once when the system is back', async () => {
    const database = await createTestDatabase();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tasklane-restart-'));
    let sys = await startSystem({ dataDir, databaseUrl: database.url });
    try {
      const session = await signUp(sys.url, 'Restart');
      const at = new Date(Date.now() + 1_500);
      const { createTask } = await gql(sys.url, session, 'mutation($i: CreateTaskInput!) { createTask(input: $i) { id reminders { id } } }', {
        i: { title: 'Survive restart', reminders: [{ at: at.toISOString() }] },
      });
      await sys.stop(); // down before it is due
      await new Promise((r) => setTimeout(r, 2_000));
      sys = await startSystem({ dataDir, databaseUrl: database.url });
      const reminder = await eventually(async () => {
        const { task } = await gql(sys.url, session, 'query($id: ID!) { task(id: $id) { reminders { status firedAt } } }', { id: createTask.id });
        return task.reminders[0].status === 'SENT' ? task.reminders[0] : undefined;
      }, 3_000);
      expect(Date.parse(reminder.firedAt)).toBeGreaterThan(at.getTime());
      await new Promise((r) => setTimeout(r, 500));
      const { rows } = await sys.db.raw(`select count(*)::int as n from runtime.outbox where topic = 'reminders' and data->>'task_id' = ?`, [createTask.id]);
      expect(rows[0].n).toBe(1);
    } finally {
      await sys.stop();
      await database.drop();
    }
  });
});
