import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createDatabase, type Knex } from '@tasklane/platform';
import { startDistributed } from '@tasklane/distributed';
import { runBounded } from '@tasklane/runtime';
import { sleep, startBenchSystem } from './harness';
import { summary } from './stats';

interface Target {
  url: string;
  db: Knex;
  close(): Promise<void>;
}

async function embedded(): Promise<Target> {
  const b = await startBenchSystem();
  return { url: b.sys.url, db: b.sys.db, close: () => b.close() };
}

async function distributed(): Promise<Target> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tasklane-bench-dapr-'));
  const sys = await startDistributed({ dataDir: dir, fresh: true });
  const db = createDatabase({ url: sys.databaseUrl, max: 4 });
  return {
    url: sys.url,
    db,
    async close() {
      await db.destroy();
      await sys.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function post(url: string, token: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** A raw graphql-transport-ws subscriber: taskChanged → (taskId, arrival time). */
function subscribe(url: string, token: string, onEvent: (taskId: string, type: string) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { taskChanged { type taskId } } ' } }));
        setTimeout(() => resolve(socket), 300);
      } else if (message.type === 'next') onEvent(message.payload.data.taskChanged.taskId, message.payload.data.taskChanged.type);
    });
  });
}

/**
 * Task changes at `rate` a second through the gateway for `seconds`, measured from each
 * mutation's response: to the subscriber, to the audit entry; and completions of recurring tasks
 * to their next occurrence.
 */
async function measure(target: Target, rate: number, seconds: number): Promise<Record<string, unknown>> {
  const signup = (await (
    await fetch(`${target.url}/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `e2e-${Date.now()}@example.com`, password: 'benchmark' }) })
  ).json()) as { token: string; user: { id: string } };
  const { token } = signup;
  const ids: string[] = [];
  await runBounded([...Array(200).keys()], 16, async (i) => {
    ids.push((await post(target.url, token, 'mutation($t: String!) { createTask(input: { title: $t }) { id } }', { t: `E2E ${i}` })).createTask.id);
  });

  // per task, its responses and its events in order (an event may arrive before its response)
  const responded = new Map<string, number[]>();
  const arrived = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, at: number) => map.set(key, [...(map.get(key) ?? []), at]);
  let deliveredCount = 0;
  const socket = await subscribe(target.url, token, (taskId, type) => {
    if (type !== 'UPDATED') return;
    deliveredCount++;
    push(arrived, taskId, Date.now());
  });
  const responses: number[] = [];
  const auditSeen: number[] = [];
  let polling = true;
  const auditPoll = (async () => {
    while (polling) {
      const { rows } = await target.db.raw(`select count(*)::int as n from audit.entries where user_id = ? and action = 'UPDATED'`, [signup.user.id]);
      const n = Number(rows[0].n);
      while (auditSeen.length < n) auditSeen.push(Date.now());
      await sleep(10);
    }
  })();

  const total = rate * seconds;
  const started = Date.now();
  let inFlight = 0;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i / rate) * 1000;
    if (due > Date.now()) await sleep(due - Date.now());
    while (inFlight >= 128) await sleep(1); // offered load adapts to what the system takes
    inFlight++;
    const id = ids[i % ids.length];
    pending.push(
      post(target.url, token, 'mutation($id: ID!, $t: String!) { updateTask(id: $id, input: { title: $t }) { id } }', { id, t: `Update ${i}` })
        .then(() => {
          const now = Date.now();
          responses.push(now);
          push(responded, id, now);
        })
        .finally(() => inFlight--),
    );
  }
  await Promise.all(pending);
  const elapsed = (Date.now() - started) / 1000;
  const deadline = Date.now() + 60_000;
  while ((deliveredCount < total || auditSeen.length < total) && Date.now() < deadline) await sleep(100);
  polling = false;
  await auditPoll;
  socket.close();
  const toSubscriber = [...responded].flatMap(([taskId, times]) => times.flatMap((t, k) => (arrived.get(taskId)?.[k] === undefined ? [] : [arrived.get(taskId)![k] - t])));
  responses.sort((a, b) => a - b);
  const toAudit = auditSeen.slice(0, total).map((seen, k) => seen - responses[k]);

  // recurrence: 100 completions at 50/s, each until its next occurrence exists
  const series: string[] = [];
  await runBounded([...Array(100).keys()], 16, async (i) => {
    series.push((await post(target.url, token, 'mutation($t: String!) { createTask(input: { title: $t, dueAt: "2030-01-01T09:00:00Z", recurrence: { frequency: DAILY } }) { id } }', { t: `Series ${i}` })).createTask.id);
  });
  const completedAt = new Map<string, number>();
  const nextAt = new Map<string, number>();
  const recurrenceStarted = Date.now();
  const completions = series.map(async (id, i) => {
    await sleep(recurrenceStarted + i * 20 - Date.now());
    const { completeTask } = await post(target.url, token, 'mutation($id: ID!) { completeTask(id: $id) { title } }', { id });
    completedAt.set(completeTask.title, Date.now());
  });
  const recurrenceDeadline = Date.now() + 60_000;
  while (nextAt.size < series.length && Date.now() < recurrenceDeadline) {
    const { rows } = await target.db.raw(`select title from tasks.tasks where user_id = ? and title like 'Series %' and status = 'PENDING' and due_at > '2030-01-01T09:00:00Z'`, [signup.user.id]);
    for (const { title } of rows as Array<{ title: string }>) if (!nextAt.has(title)) nextAt.set(title, Date.now());
    await sleep(10);
  }
  await Promise.all(completions);
  const toNext = [...nextAt].map(([title, at]) => at - (completedAt.get(title) ?? at));

  const result = {
    offeredPerSecond: rate,
    changesPerSecond: Math.round(total / elapsed),
    delivered: `${deliveredCount}/${total}`,
    toSubscriber: summary(toSubscriber),
    audited: `${auditSeen.length}/${total}`,
    toAudit: summary(toAudit),
    nextOccurrences: `${nextAt.size}/${series.length}`,
    toNextOccurrence: summary(toNext),
  };
  console.log(result);
  return result;
}

/**
 * End to end, embedded beside distributed (Dapr + Kafka), on this machine: at a rate both take
 * (the latency floor) and at the 1 000/s target (what saturation looks like).
 */
export async function benchEndToEnd(
  rates = (process.env.BENCH_E2E_RATES ?? '50,1000').split(',').map(Number),
  seconds = Number(process.env.BENCH_E2E_SECONDS ?? 10),
): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  const modes = (process.env.BENCH_E2E_MODES ?? 'embedded,distributed').split(',');
  for (const [mode, start] of [
    ['embedded', embedded],
    ['distributed', distributed],
  ] as const) {
    if (!modes.includes(mode)) continue;
    const target = await start();
    try {
      for (const rate of rates) {
        console.log(`-- ${mode} at ${rate}/s`);
        results[`${mode}@${rate}`] = await measure(target, rate, seconds);
      }
    } finally {
      await target.close();
    }
  }
  return results;
}
