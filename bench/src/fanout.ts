import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { enqueue, Topics, type TaskUpdate } from '@tasklane/runtime';
import { sleep, startBenchSystem } from './harness';
import { summary } from './stats';

const USERS = 100;

/** After a full GC when the bench runs with --expose-gc (npm run bench does). */
function memory(): { rss: number; heap: number } {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external };
}

function request(child: ChildProcess, type: string, extra: object = {}): Promise<any> {
  return new Promise((resolve) => {
    const onMessage = (m: { type: string }) => {
      if (m.type === (type === 'start' ? 'ready' : type)) {
        child.off('message', onMessage);
        resolve(m);
      }
    };
    child.on('message', onMessage);
    child.send({ type, ...extra });
  });
}

/**
 * Subscription fan-out in embedded mode: N subscribers over 100 users, task-updates injected at
 * `rate` a second into the log (the path every change takes), each delivered to its user's
 * subscribers. Memory per connection is the gateway process's RSS growth per idle subscriber.
 */
export async function benchFanout(sizes = (process.env.BENCH_CONNECTIONS ?? '1000,5000,10000').split(',').map(Number), rate = Number(process.env.BENCH_EVENT_RATE ?? 1_000), seconds = Number(process.env.BENCH_EVENT_SECONDS ?? 5)) {
  const b = await startBenchSystem();
  const results: Array<Record<string, unknown>> = [];
  try {
    const users: Array<{ id: string; token: string }> = [];
    for (let i = 0; i < USERS; i++) {
      const res = await fetch(`${b.sys.url}/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `fan-${i}-${Date.now()}@example.com`, password: 'benchmark' }),
      });
      const { token, user } = (await res.json()) as { token: string; user: { id: string } };
      users.push({ id: user.id, token });
    }
    for (const connections of sizes) {
      const child = fork(path.join(__dirname, 'fanout-clients.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      await sleep(300);
      const before = memory();
      const connectStarted = Date.now();
      await request(child, 'start', { url: b.sys.url.replace('http', 'ws') + '/graphql', tokens: users.map((u) => u.token), connections });
      const connectMs = Date.now() - connectStarted;
      await sleep(1_000);
      const after = memory();
      const kb = (bytes: number) => Math.round(bytes / connections / 102.4) / 10;

      // inject `rate` task-updates a second, in 20 ms slices
      const total = rate * seconds;
      const slice = Math.max(1, Math.round(rate / 50));
      const started = Date.now();
      for (let sent = 0; sent < total; sent += slice) {
        const due = started + (sent / rate) * 1000;
        if (due > Date.now()) await sleep(due - Date.now());
        const now = new Date().toISOString();
        await b.sys.db.transaction((trx) =>
          enqueue(
            trx,
            Array.from({ length: Math.min(slice, total - sent) }, (_, k) => {
              const user = users[(sent + k) % USERS];
              const update: TaskUpdate = { event_id: randomUUID(), event_type: 'updated', task_id: randomUUID(), user_id: user.id, old_status: 'PENDING', new_status: 'PENDING', timestamp: now };
              return { topic: Topics.taskUpdates, source: 'bench', id: update.event_id, data: update };
            }),
          ),
        );
      }
      const injectSeconds = (Date.now() - started) / 1000;
      await sleep(3_000);
      const { latencies } = await request(child, 'report');
      const expected = total * (connections / USERS);
      const s = summary(latencies);
      const row = {
        connections,
        connectMs,
        eventsPerSecond: Math.round(total / injectSeconds),
        delivered: latencies.length,
        expected,
        deliveredPerSecond: Math.round(latencies.length / (injectSeconds + 3)),
        p50: s.p50,
        p99: s.p99,
        max: s.max,
        rssKbPerConnection: kb(after.rss - before.rss),
        heapKbPerConnection: kb(after.heap - before.heap),
      };
      console.log(row);
      results.push(row);
      child.send({ type: 'stop' });
      await new Promise((r) => child.once('exit', r));
      await sleep(1_000);
    }
    console.table(results);
    return { results };
  } finally {
    await b.close();
  }
}
