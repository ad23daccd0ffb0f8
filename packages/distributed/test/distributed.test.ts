import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createDatabase, type Knex } from '@tasklane/platform';
import { DaprComponents, DaprStateStore, Sidecar } from '@tasklane/runtime';
import { createTestDatabase, eventually, gql, signUp, subscribe, type Session, type TestDatabase } from '@tasklane/testkit';
import { FakeSmtpServer } from '../../../subgraphs/reminders/test/fake-smtp-server';
import { killAll, ROOT, startDistributed, type Distributed, type Service } from '../src';

/**
 * The distributed topology for real: PostgreSQL, a Kafka broker, the Dapr scheduler, every
 * subgraph and two gateway replicas as processes with their own daprd. Walks the contract through
 * the gateway, proves each building block went through a sidecar (daprd's own metrics), and
 * injects faults, counting what was lost and what was duplicated.
 */
jest.setTimeout(240_000);

const CHANGES = 'subscription { taskChanged { type taskId task { title tags { name } recurrence { nextDueAt } } } }';

/** Sum of a daprd metric's samples whose labels contain every `labels` fragment. */
async function metric(service: Service, name: string, ...labels: string[]): Promise<number> {
  const text = await service.metrics();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && labels.every((l) => line.includes(l)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('distributed topology (Dapr + Kafka)', () => {
  let sys: Distributed;
  let database: TestDatabase;
  let db: Knex;
  let alice: Session;
  let bob: Session;
  let gateway2: string;
  let smtp: FakeSmtpServer;

  beforeAll(async () => {
    process.once('exit', killAll); // a crashed run leaves no processes behind
    database = await createTestDatabase();
    smtp = new FakeSmtpServer();
    const smtpUrl = await smtp.start();
    sys = await startDistributed({ dataDir: path.join(ROOT, '.data/distributed-test'), databaseUrl: database.url, gatewayReplicas: 2, fresh: true, smtpUrl, digestSchedule: '@every 2s' });
    gateway2 = `http://127.0.0.1:${sys.gateways[1].appPort}`;
    db = createDatabase({ url: database.url, max: 4 });
    [alice, bob] = await Promise.all([signUp(sys.url, 'Alice'), signUp(sys.url, 'Bob')]);
  });
  afterAll(async () => {
    await db?.destroy();
    await sys?.stop();
    await smtp?.stop();
    await database?.drop();
  });

  it('walks the contract through both gateways: tags, recurrence through Kafka, audit, live changes on each replica', async () => {
    const [onFirst, onSecond, bobClient] = await Promise.all([subscribe(sys.url, alice, CHANGES), subscribe(gateway2, alice, CHANGES), subscribe(sys.url, bob, CHANGES)]);
    try {
      const created = await gql(
        sys.url,
        alice,
        `mutation { createTask(input: { title: "Water plants", priority: HIGH, dueAt: "2030-03-01T08:00:00Z", tags: ["home"],
          recurrence: { frequency: WEEKLY, timezone: "Europe/Berlin" }, reminders: [{ before: "PT30M" }] }) {
          id tags { name } reminders { before } recurrence { nextDueAt } } }`,
      );
      const id = created.createTask.id;
      expect(created.createTask).toMatchObject({ tags: [{ name: 'home' }], reminders: [{ before: 'PT30M' }], recurrence: { nextDueAt: '2030-03-08T08:00:00.000Z' } });
      for (const client of [onFirst, onSecond]) {
        const [event] = await client.waitFor(1, 5_000);
        expect(event.data.taskChanged).toMatchObject({ type: 'CREATED', taskId: id, task: { title: 'Water plants', tags: [{ name: 'home' }] } });
      }

      const tagged = await gql(sys.url, alice, '{ tasks(filter: { tags: ["home"] }, search: "water") { totalCount } }');
      expect(tagged.tasks.totalCount).toBe(1);
      expect((await gql(sys.url, bob, '{ tasks { totalCount } }')).tasks.totalCount).toBe(0);

      const completedAt = Date.now();
      await gql(gateway2, alice, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id });
      const next = await eventually(async () => {
        const list = await gql(sys.url, alice, '{ tasks(filter: { status: PENDING }) { edges { node { id title dueAt tags { name } } } } }');
        return list.tasks.edges.find((e: { node: { id: string } }) => e.node.id !== id)?.node;
      }, 5_000);
      expect(Date.now() - completedAt).toBeLessThan(2_000);
      expect(next).toMatchObject({ title: 'Water plants', dueAt: '2030-03-08T08:00:00.000Z', tags: [{ name: 'home' }] });

      const history = await eventually(async () => {
        const result = await gql(sys.url, alice, '{ activity(first: 20) { edges { node { action taskId eventId } } } }');
        const actions = result.activity.edges.map((e: { node: { action: string } }) => e.node.action);
        return actions.includes('OCCURRENCE_CREATED') ? result.activity.edges.map((e: { node: unknown }) => e.node) : undefined;
      });
      const ofFirst = history.filter((e: { taskId: string }) => e.taskId === id).map((e: { action: string }) => e.action).reverse();
      expect(ofFirst).toEqual(['CREATED', 'COMPLETED']);
      expect(new Set(history.map((e: { eventId: string }) => e.eventId)).size).toBe(history.length);

      for (const client of [onFirst, onSecond]) {
        const events = await client.waitFor(3, 5_000);
        expect(events.map((e) => e.data.taskChanged.type)).toEqual(expect.arrayContaining(['CREATED', 'COMPLETED']));
      }
      expect(bobClient.received).toEqual([]);
    } finally {
      await Promise.all([onFirst.close(), onSecond.close(), bobClient.close()]);
    }
  });

  it('fires a reminder from the Dapr scheduler within 1 s of its time, pushes it to the client and e-mails it through the SMTP binding', async () => {
    const client = await subscribe(gateway2, alice, 'subscription { reminderDue { firedAt reminder { id remindAt status } task { title } } }');
    try {
      const remindAt = new Date(Date.now() + 2_000);
      await gql(sys.url, alice, 'mutation($at: DateTime!) { createTask(input: { title: "Call the dentist", reminders: [{ at: $at, channels: [IN_APP, EMAIL] }] }) { id } }', {
        at: remindAt.toISOString(),
      });
      const [event] = await client.waitFor(1, 6_000);
      const due = event.data.reminderDue;
      expect(due.task.title).toBe('Call the dentist');
      const lateness = Date.parse(due.firedAt) - Date.parse(due.reminder.remindAt);
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(1_000);
      expect(event.at - remindAt.getTime()).toBeLessThan(1_500);
      const mail = await eventually(async () => smtp.received.find((m) => m.data.includes('Call the dentist')), 5_000);
      expect(mail.to.join()).toContain(alice.user.email);
    } finally {
      await client.close();
    }
  });

  it('uses every building block through a sidecar (daprd metrics and the components’ own side effects)', async () => {
    const { tasks, recurrence, reminders, audit } = sys.services;
    const [gateway] = sys.gateways;
    // service invocation: tasks → tags/reminders/recurrence; gateway → subgraphs
    expect(await metric(tasks, 'dapr_runtime_service_invocation_req_sent_total', 'dst_app_id="tags"')).toBeGreaterThan(0);
    expect(await metric(tasks, 'dapr_runtime_service_invocation_req_recv_total', 'src_app_id="gateway"')).toBeGreaterThan(0);
    // pub/sub on Kafka: published in bulk by the relay, consumed by each service's group
    const published = await Promise.all(Object.values(sys.services).map((s) => metric(s, 'dapr_component_pubsub_egress_bulk_count', 'success="true"')));
    expect(published.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await metric(recurrence, 'dapr_component_pubsub_ingress_count', 'topic="task-events"', 'status="success"')).toBeGreaterThan(0);
    expect(await metric(audit, 'dapr_component_pubsub_ingress_count', 'topic="task-events"')).toBeGreaterThan(0);
    // (the fan-out subscription is a bulk one; daprd 1.18 labels its component "pubsubName")
    expect(await metric(gateway, 'dapr_component_pubsub_ingress_bulk_event_count', 'topic="task-updates"', 'process_status="SUCCESS"')).toBeGreaterThan(0);
    // jobs: scheduled with the Dapr scheduler and triggered by it
    expect(await metric(reminders, 'dapr_component_job_success_count')).toBeGreaterThan(0);
    // bindings: the e-mail went out through the smtp output binding; the cron input binding is taken by reminders
    expect(await metric(reminders, 'dapr_component_output_binding_count', 'component="email"', 'success="true"')).toBeGreaterThan(0);
    // secrets: every service read its keys and database URL from the secret store
    for (const service of [...Object.values(sys.services), gateway]) {
      expect(await metric(service, 'dapr_component_secret_count', 'success="true"')).toBeGreaterThan(0);
    }
    // state: through a sidecar into the state.postgresql component's own table
    const state = new DaprStateStore(new Sidecar(tasks.ports.http), DaprComponents.statestore);
    await state.set('distributed-test', { ok: true });
    expect(await state.get('distributed-test')).toEqual({ ok: true });
    const { rows } = await db.raw(`select key from dapr_state where key like '%distributed-test'`);
    expect(rows).toHaveLength(1);
    await state.delete('distributed-test');
    expect(await state.get('distributed-test')).toBeUndefined();
  });

  it('sends the overdue digest from the cron input binding: 08:00 in the user’s timezone, through the e-mail binding', async () => {
    const offset = ((8 - new Date().getUTCHours() + 36) % 24) - 12; // a zone where it is 08:xx now
    const res = await fetch(`${sys.url}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `digest-${Date.now()}@example.com`, password: 'correct horse', timezone: offset >= 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}` }),
    });
    const user = (await res.json()) as Session;
    await gql(sys.url, user, 'mutation { createTask(input: { title: "Renew passport", dueAt: "2020-01-01T00:00:00Z", reminders: [] }) { id } }');
    const digest = await eventually(async () => smtp.received.find((m) => m.data.includes('Renew passport') && m.data.includes('Overdue today')), 10_000, 200);
    expect(digest.to.join()).toContain(user.user.email);
    expect(await metric(sys.services.reminders, 'dapr_component_input_binding_count', 'component="overdue-digest"')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 2_500)); // another tick: still one digest today
    expect(smtp.received.filter((m) => m.data.includes('Renew passport'))).toHaveLength(1);
  });

  it('loses and duplicates nothing when the recurrence service (app and sidecar) is killed while 100 recurring tasks are completed', async () => {
    const user = await signUp(sys.url, 'Series');
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const created = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          gql(sys.url, user, 'mutation($t: String!) { createTask(input: { title: $t, dueAt: "2030-01-01T09:00:00Z", recurrence: { frequency: DAILY } }) { id } }', { t: `Series ${batch * 10 + i}` }),
        ),
      );
      ids.push(...created.map((c) => c.createTask.id));
    }
    const complete = (id: string) => gql(sys.url, user, 'mutation($id: ID!) { completeTask(id: $id) { id } }', { id });
    await Promise.all(ids.slice(0, 30).map(complete));
    await sys.services.recurrence.kill();
    await Promise.all(ids.slice(30).map(complete));
    await sys.services.recurrence.start();

    const counts = await eventually(async () => {
      const { rows } = await db.raw(
        `select title, count(*) filter (where status = 'PENDING')::int as pending, count(*)::int as total
         from tasks.tasks where user_id = ? group by title`,
        [user.user.id],
      );
      const done = rows.filter((r: { pending: number }) => r.pending >= 1).length;
      return done === 100 ? rows : undefined;
    }, 60_000, 250);
    await new Promise((r) => setTimeout(r, 1_000)); // a duplicate would arrive right behind
    const { rows } = await db.raw(`select title, count(*)::int as total from tasks.tasks where user_id = ? group by title`, [user.user.id]);
    const lost = 100 - counts.length;
    const duplicated = rows.reduce((sum: number, r: { total: number }) => sum + Math.max(0, r.total - 2), 0);
    expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
  });

  it('loses and duplicates nothing in audit when the Kafka broker stops and restarts during a burst of changes', async () => {
    const user = await signUp(sys.url, 'Burst');
    const ids = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => (await gql(sys.url, user, 'mutation($t: String!) { createTask(input: { title: $t }) { id } }', { t: `Burst ${i}` })).createTask.id as string),
    );
    const update = (round: number) =>
      Promise.all(ids.map((id) => gql(sys.url, user, 'mutation($id: ID!, $t: String!) { updateTask(id: $id, input: { title: $t }) { id } }', { id, t: `Burst ${id.slice(0, 4)} r${round}` })));
    for (let round = 0; round < 4; round++) await update(round);
    const stopping = sys.kafka.stop();
    for (let round = 4; round < 8; round++) await update(round); // committed with their events in the outbox meanwhile
    await stopping;
    for (let round = 8; round < 10; round++) await update(round);
    await sys.kafka.restart();
    for (let round = 10; round < 12; round++) await update(round);

    const expected = 1 + 12; // CREATED and twelve UPDATED per task
    const entries = await eventually(async () => {
      const { rows } = await db.raw(`select task_id, event_id from audit.entries where task_id = any(?)`, [ids]);
      return rows.length >= ids.length * expected ? rows : undefined;
    }, 90_000, 500);
    await new Promise((r) => setTimeout(r, 1_000));
    const { rows } = await db.raw(`select task_id, count(*)::int as n, count(distinct event_id)::int as distinct_events from audit.entries where task_id = any(?) group by task_id`, [ids]);
    const lost = ids.length * expected - rows.reduce((s: number, r: { distinct_events: number }) => s + r.distinct_events, 0);
    const duplicated = rows.reduce((s: number, r: { n: number; distinct_events: number }) => s + r.n - r.distinct_events, 0) + Math.max(0, entries.length - ids.length * expected);
    expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
  });

  it('starts a service while Kafka is unreachable: not ready meanwhile, then catches up once the broker is back', async () => {
    const user = await signUp(sys.url, 'Late');
    const { audit } = sys.services;
    await audit.kill();
    await sys.kafka.stop();
    const starting = audit.start(); // daprd cannot initialize its Kafka component and is restarted with backoff
    const { createTask } = await gql(sys.url, user, 'mutation { createTask(input: { title: "Written while Kafka was down" }) { id } }');
    await new Promise((r) => setTimeout(r, 3_000));
    const probe = await fetch(`http://127.0.0.1:${audit.appPort}/readyz`).then((r) => r.status, () => 'refused');
    expect(probe === 'refused' || probe === 503).toBe(true);
    await sys.kafka.restart();
    await starting;
    const entries = await eventually(async () => {
      const { rows } = await db.raw(`select action from audit.entries where task_id = ?`, [createTask.id]);
      return rows.length ? rows : undefined;
    }, 30_000, 250);
    expect(entries).toEqual([{ action: 'CREATED' }]);
  });

  it('answers 503 with a clear message while the gateway’s sidecar is gone, and serves again when it is back', async () => {
    const [gateway] = sys.gateways;
    await gateway.killSidecar();
    const refused = await eventually(async () => {
      const res = await fetch(`${sys.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.token}` }, body: '{"query":"{ tasks { totalCount } }"}' });
      return res.status === 503 ? ((await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> }) : undefined;
    }, 5_000, 100);
    expect(refused.errors[0]).toMatchObject({ message: expect.stringContaining('Dapr sidecar'), extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect((await fetch(`${sys.url}/readyz`)).status).toBe(503);
    gateway.startSidecar();
    await eventually(async () => ((await fetch(`${sys.url}/readyz`)).status === 200 ? true : undefined), 30_000, 200);
    await eventually(async () => ((await gql(sys.url, alice, '{ tasks { totalCount } }')).tasks.totalCount > 0 ? true : undefined), 10_000, 200);
  });

  it('keeps a client receiving when its gateway replica is killed: it reconnects to the other', async () => {
    const urls = [gateway2, sys.url].map((u) => u.replace('http', 'ws') + '/graphql');
    let attempt = 0;
    const received: string[] = [];
    const connectedTo: string[] = [];
    const client: Client = createClient({
      url: () => urls[attempt++ % urls.length], // a load balancer's job: the next replica on each connect
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${alice.token}` },
      retryAttempts: 10,
      retryWait: async () => new Promise((r) => setTimeout(r, 200)),
      shouldRetry: () => true,
      lazy: false,
      on: { connected: (socket) => connectedTo.push((socket as WebSocket).url) },
    });
    client.subscribe({ query: 'subscription { taskChanged { type task { title } } }' }, {
      next: (value) => received.push((value.data as { taskChanged: { task: { title: string } | null } }).taskChanged.task?.title ?? ''),
      error: () => undefined,
      complete: () => undefined,
    });
    try {
      await eventually(async () => (connectedTo.length ? true : undefined));
      await new Promise((r) => setTimeout(r, 300));
      await gql(sys.url, alice, 'mutation { createTask(input: { title: "Before the crash" }) { id } }');
      await eventually(async () => (received.includes('Before the crash') ? true : undefined), 5_000);

      await sys.gateways[1].kill();
      await eventually(async () => (connectedTo.length >= 2 ? true : undefined), 10_000);
      expect(connectedTo.at(-1)).toContain(`:${sys.gateways[0].appPort}/`);
      await new Promise((r) => setTimeout(r, 300));
      await gql(sys.url, alice, 'mutation { createTask(input: { title: "After the crash" }) { id } }');
      await eventually(async () => (received.includes('After the crash') ? true : undefined), 5_000);
    } finally {
      await client.dispose();
    }
  });
});
