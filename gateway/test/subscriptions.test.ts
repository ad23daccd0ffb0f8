import WebSocket from 'ws';
import { gql, signUp, startTestSystem, subscribe, type Session, type Subscriber, type TestSystem } from '@tasklane/testkit';
import { startSystem, TokenService, type RunningSystem } from '../src';

const CHANGES = `subscription { taskChanged { type taskId eventId at task { title status tags { name } recurrence { nextDueAt } reminders { before } } } }`;

describe('subscriptions', () => {
  let sys: TestSystem;
  let alice: Session;
  let bob: Session;
  let aliceClients: Subscriber[];
  let bobClients: Subscriber[];

  beforeAll(async () => {
    sys = await startTestSystem({ keepAliveMs: 1_000, subscriptionQueueLimit: 16 });
    [alice, bob] = await Promise.all([signUp(sys.url, 'Alice'), signUp(sys.url, 'Bob')]);
    aliceClients = await Promise.all([1, 2, 3].map(() => subscribe(sys.url, alice, CHANGES)));
    bobClients = await Promise.all([1, 2, 3].map(() => subscribe(sys.url, bob, CHANGES)));
  });
  afterAll(async () => {
    await Promise.all([...aliceClients, ...bobClients].map((c) => c.close()));
    await sys?.stop();
  });

  it("delivers every kind of change to all of its owner's clients within 500 ms, and to no one else", async () => {
    const run = (q: string, v: Record<string, unknown>) => gql(sys.url, alice, q, v);
    let id = '';
    const started: number[] = [];
    const mutate = async (expectType: string, label: string, work: () => Promise<unknown>) => {
      const before = aliceClients.map((c) => c.received.length);
      const t0 = Date.now();
      started.push(t0);
      await work();
      for (const [i, client] of aliceClients.entries()) {
        const [event] = (await client.waitFor(before[i] + 1, 2_000)).slice(-1);
        expect({ label, type: event.data.taskChanged.type }).toEqual({ label, type: expectType });
        expect(event.at - t0).toBeLessThan(500);
      }
    };
    await mutate('CREATED', 'create', async () => {
      id = (await run('mutation { createTask(input: { title: "Live", dueAt: "2030-01-01T09:00:00Z", tags: ["a"] }) { id } }', {})).createTask.id;
    });
    const created = aliceClients[0].received.at(-1)!.data.taskChanged;
    expect(created).toMatchObject({ taskId: id, task: { title: 'Live', status: 'PENDING', tags: [{ name: 'a' }], recurrence: null, reminders: [{ before: 'PT1H' }] } });
    await mutate('UPDATED', 'update', () => run('mutation($id: ID!) { updateTask(id: $id, input: { title: "Live 2" }) { id } }', { id }));
    await mutate('UPDATED', 'tag', () => run('mutation($id: ID!) { tagTask(taskId: $id, name: "b") { id } }', { id }));
    await mutate('UPDATED', 'recurrence', () => run('mutation($id: ID!) { setRecurrence(taskId: $id, input: { frequency: WEEKLY }) { id } }', { id }));
    const withRecurrence = aliceClients[1].received.at(-1)!.data.taskChanged.task;
    expect(withRecurrence).toMatchObject({ title: 'Live 2', tags: [{ name: 'a' }, { name: 'b' }], recurrence: { nextDueAt: '2030-01-08T09:00:00.000Z' } });
    await mutate('UPDATED', 'reminder', () => run('mutation($id: ID!) { addReminder(taskId: $id, input: { before: "P1D" }) { id } }', { id }));
    await mutate('UPDATED', 'clear recurrence', () => run('mutation($id: ID!) { clearRecurrence(taskId: $id) { id } }', { id }));
    await mutate('COMPLETED', 'complete', () => run('mutation($id: ID!) { completeTask(id: $id) { id } }', { id }));
    await mutate('REOPENED', 'reopen', () => run('mutation($id: ID!) { reopenTask(id: $id) { id } }', { id }));
    await mutate('DELETED', 'delete', () => run('mutation($id: ID!) { deleteTask(id: $id) }', { id }));
    expect(aliceClients[2].received.at(-1)!.data.taskChanged).toMatchObject({ type: 'DELETED', taskId: id, task: null });

    const types = aliceClients[0].received.map((r) => r.data.taskChanged.type);
    expect(types).toEqual(['CREATED', 'UPDATED', 'UPDATED', 'UPDATED', 'UPDATED', 'UPDATED', 'COMPLETED', 'REOPENED', 'DELETED']);
    for (const c of aliceClients) expect(c.received.map((r) => r.data.taskChanged.eventId)).toEqual(aliceClients[0].received.map((r) => r.data.taskChanged.eventId));
    await new Promise((r) => setTimeout(r, 300));
    for (const c of bobClients) expect(c.received).toEqual([]);
  });

  it("shares work between one user's clients without mixing their selections", async () => {
    const narrow = await subscribe(sys.url, alice, 'subscription { taskChanged { type task { title } } }');
    const named = await subscribe(sys.url, alice, 'subscription Mine { taskChanged { taskId task { priority } } }');
    try {
      const before = aliceClients[0].received.length;
      await gql(sys.url, alice, 'mutation { createTask(input: { title: "Shapes", priority: LOW }) { id } }');
      const [[a], [b], all] = await Promise.all([narrow.waitFor(1, 2_000), named.waitFor(1, 2_000), aliceClients[0].waitFor(before + 1, 2_000)]);
      expect(a.data).toEqual({ taskChanged: { type: 'CREATED', task: { title: 'Shapes' } } });
      expect(b.data).toEqual({ taskChanged: { taskId: all.at(-1)!.data.taskChanged.taskId, task: { priority: 'LOW' } } });
      expect(all.at(-1)!.data.taskChanged.task).toMatchObject({ title: 'Shapes', status: 'PENDING' });
    } finally {
      await Promise.all([narrow.close(), named.close()]);
    }
  });

  it('delivers reminderDue with the reminder and its task', async () => {
    const sub = await subscribe(sys.url, alice, 'subscription { reminderDue { firedAt reminder { id status channels } task { title } } }');
    try {
      const { createTask } = await gql(sys.url, alice, 'mutation($at: DateTime!) { createTask(input: { title: "Ping me", reminders: [{ at: $at }] }) { reminders { id } } }', {
        at: new Date(Date.now() + 300).toISOString(),
      });
      const [event] = await sub.waitFor(1, 3_000);
      expect(event.data.reminderDue).toMatchObject({ reminder: { id: createTask.reminders[0].id, status: 'SENT', channels: ['IN_APP'] }, task: { title: 'Ping me' } });
      expect(Date.parse(event.data.reminderDue.firedAt)).toBeGreaterThan(0);
    } finally {
      await sub.close();
    }
  });

  it('refuses forged and expired tokens with 4403, and ends a session when its token expires (4401)', async () => {
    const forged = new TokenService('not-the-secret').sign(alice.user.id);
    await expect(subscribe(sys.url, forged, CHANGES)).rejects.toThrow(/4403/);
    const secret = (await sys.runtime.secrets.get('JWT_SECRET'))!;
    await expect(subscribe(sys.url, new TokenService(secret).sign(alice.user.id, -5), CHANGES)).rejects.toThrow(/4403/);
    const shortLived = await subscribe(sys.url, new TokenService(secret).sign(alice.user.id, 2), CHANGES);
    const deadline = Date.now() + 4_000;
    while (shortLived.closedWith === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(shortLived.closedWith).toBe(4401);
  });

  it('drops a client that stops reading, while the others keep receiving', async () => {
    const slow = new WebSocket(sys.url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
    await new Promise((resolve) => slow.once('open', resolve));
    slow.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${alice.token}` } }));
    await new Promise((resolve) => slow.once('message', resolve));
    // 20 copies of a 10 kB description per event: kernel buffers fill after a few dozen events
    const heavy = Array.from({ length: 20 }, (_, i) => `c${i}: task { description }`).join(' ');
    slow.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `subscription { taskChanged { ${heavy} } }` } }));
    await new Promise((r) => setTimeout(r, 100));
    expect(sys.subscriptions.clients()).toBe(7);
    (slow as unknown as { _socket: { pause(): void } })._socket.pause(); // stops reading

    const { createTask } = await gql(sys.url, alice, 'mutation { createTask(input: { title: "Flood" }) { id } }');
    const fast = aliceClients[0];
    const before = fast.received.length;
    const started = Date.now();
    for (let i = 0; i < 150; i++) {
      await gql(sys.url, alice, 'mutation($id: ID!, $d: String) { updateTask(id: $id, input: { description: $d }) { id } }', { id: createTask.id, d: `${i}`.padEnd(10_000, 'x') });
    }
    const events = await fast.waitFor(before + 151, 10_000);
    // the server let the slow one go (its queue overflowed, or it missed its pongs)
    const deadline = Date.now() + 5_000;
    while (sys.subscriptions.clients() > 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sys.subscriptions.clients()).toBe(6);
    expect(events.at(-1)!.at - started).toBeLessThan(10_000);
    slow.terminate();
  });

  it('routes a change made through one gateway to a client of another', async () => {
    const database = sys.database;
    // a second replica: same database, same secrets
    const other: RunningSystem = await startSystem({ dataDir: sys.dataDir, databaseUrl: database.url });
    try {
      const onOther = await subscribe(other.url, alice, CHANGES);
      const started = Date.now();
      await gql(sys.url, alice, 'mutation { createTask(input: { title: "Across replicas" }) { id } }');
      const [event] = await onOther.waitFor(1, 2_000);
      expect(event.data.taskChanged).toMatchObject({ type: 'CREATED', task: { title: 'Across replicas' } });
      expect(event.at - started).toBeLessThan(500);
      await onOther.close();
    } finally {
      await other.stop();
    }
  });

  it('serves only subscriptions over the socket', async () => {
    const client = await subscribe(sys.url, alice, '{ me { id } }');
    await new Promise((r) => setTimeout(r, 200));
    expect(JSON.stringify(client.errors)).toMatch(/POST \/graphql/);
    await client.close();
  });
});
