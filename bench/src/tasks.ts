import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { freePort, startEmbeddedPostgres } from '@tasklane/platform';
import { TaskService } from '@tasklane/tasks';
import { startSystem } from '@tasklane/gateway';
import { seedTasks } from './seed';
import { summary, timed } from './stats';

const TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);

/** The list queries measured: search + filter + sort + page, as the web client sends them. */
const QUERIES: Array<{ name: string; args: Record<string, unknown> }> = [
  { name: 'search "groc" + pending + due ASC', args: { search: 'groc', filter: { status: 'PENDING' }, sort: [{ field: 'DUE_AT', direction: 'ASC' }] } },
  { name: 'search "plan proj" (best match, 629 hits)', args: { search: 'plan proj' } },
  { name: 'search "report" (best match, 6 916 hits)', args: { search: 'report' } },
  { name: 'search "re" + HIGH + title', args: { search: 're', filter: { priorities: ['HIGH'] }, sort: [{ field: 'TITLE' }] } },
  { name: 'overdue + priority DESC', args: { filter: { overdue: true }, sort: [{ field: 'PRIORITY', direction: 'DESC' }] } },
  { name: 'default order, no filter', args: {} },
];

const GQL = `query($filter: TaskFilter, $search: String, $sort: [TaskSort!], $first: Int, $after: String) {
  tasks(filter: $filter, search: $search, sort: $sort, first: $first, after: $after) {
    edges { cursor node { id title priority dueAt status isOverdue } } pageInfo { hasNextPage endCursor }
  }
}`;

/** Issue 2: search + filter + sort + page over 100 000 tasks, in the database and through the gateway. */
export async function benchTasks(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tasklane-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), settings: { shared_buffers: '256MB' } });
  const sys = await startSystem({ dataDir: dir, databaseUrl: pg.url });
  const report: Record<string, unknown> = { tasks: TASKS, samples: SAMPLES, node: process.version };
  try {
    const signup = await fetch(`${sys.url}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: 'benchmark' }),
    });
    const { token, user } = (await signup.json()) as { token: string; user: { id: string } };
    const [seedMs] = await timed(() => seedTasks(sys.db, user.id, TASKS));
    console.log(`seeded ${TASKS} tasks in ${Math.round(seedMs)} ms`);

    const service = new TaskService(sys.db, sys.runtime, 'reads-need-no-key');
    const identity = { userId: user.id, actor: user.id };
    const gateway = (args: Record<string, unknown>) =>
      fetch(`${sys.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: GQL, variables: { first: 50, ...args } }),
      }).then((r) => r.json() as Promise<{ errors?: unknown }>);

    const rows: Array<Record<string, unknown>> = [];
    for (const q of QUERIES) {
      // warm up, and take page 2's cursor so half the samples page with `after`
      const first = await service.list(identity, { ...q.args, first: 50 });
      const after = first.pageInfo.endCursor;
      const db: number[] = [];
      const gw: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const args = { ...q.args, first: 50, after: i % 2 ? after : null };
        db.push((await timed(() => service.list(identity, args)))[0]);
        const [ms, body] = await timed(() => gateway(args));
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        gw.push(ms);
      }
      const [countMs] = await timed(() => first.totalCount());
      rows.push({ query: q.name, 'db p50': summary(db).p50, 'db p95': summary(db).p95, 'gateway p50': summary(gw).p50, 'gateway p95': summary(gw).p95, 'totalCount ms': Math.round(countMs * 10) / 10 });
    }
    console.table(rows);
    report.queries = rows;

    const rps = await loadTest(sys.url, token, LOAD_SECONDS);
    console.log(`gateway: ${rps.rps} requests/s for a 50-task page (${rps.concurrency} concurrent, ${LOAD_SECONDS} s, load from a worker thread on the same 2 cores)`);
    report.gateway = rps;
  } finally {
    await sys.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  report.start = await measureStart();
  console.log(`npm start to ready: first start ${report.start && (report.start as any).firstMs} ms, warm restart ${(report.start as any).warmMs} ms`);
  return report;
}

async function loadTest(url: string, token: string, seconds: number): Promise<{ rps: number; concurrency: number; errors: number }> {
  const concurrency = 16;
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     (async () => {
       const { url, token, seconds, concurrency, query } = workerData;
       const end = Date.now() + seconds * 1000;
       let done = 0, errors = 0;
       await Promise.all(Array.from({ length: concurrency }, async () => {
         while (Date.now() < end) {
           const r = await fetch(url + '/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body: JSON.stringify({ query, variables: { first: 50 } }) });
           const body = await r.json();
           if (body.errors) errors++; else done++;
         }
       }));
       parentPort.postMessage({ done, errors });
     })();`,
    { eval: true, workerData: { url, token, seconds, concurrency, query: GQL } },
  );
  const { done, errors } = await new Promise<{ done: number; errors: number }>((resolve) => worker.once('message', resolve));
  await worker.terminate();
  return { rps: Math.round(done / seconds), concurrency, errors };
}

/** Time from spawning `npm start`'s process to its ready line: a first start (initdb) and a warm one. */
async function measureStart(): Promise<{ firstMs: number; warmMs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tasklane-start-bench-'));
  const entry = path.resolve(__dirname, '../../../gateway/dist/src/main.js');
  const once = async () => {
    const port = await freePort();
    const started = Date.now();
    const child = spawn(process.execPath, [entry], { env: { ...process.env, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready at') && resolve()));
    const ms = Date.now() - started;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGINT');
    });
    return ms;
  };
  try {
    const firstMs = await once();
    const warmMs = await once();
    return { firstMs, warmMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

