import { TaskService } from '@tasklane/tasks';
import { runBounded as pool } from '@tasklane/runtime';
import { sleep, startBenchSystem } from './harness';
import { summary } from './stats';

const identity = (userId: string) => ({ userId, actor: userId });

/** 10 000 reminders due within one minute: lateness of each firing against its time. */
export async function benchReminders(count = Number(process.env.BENCH_REMINDERS ?? 10_000)): Promise<Record<string, unknown>> {
  const b = await startBenchSystem();
  try {
    const tasks = new TaskService(b.sys.db, b.sys.runtime, b.signingKey);
    const perTask = 10;
    const start = Date.now() + 30_000; // room to create them all first
    const window = 60_000;
    const setupStarted = Date.now();
    await pool([...Array(count / perTask).keys()], 16, async (i) => {
      const reminders = Array.from({ length: perTask }, (_, j) => ({ at: new Date(start + ((i * perTask + j) / count) * window).toISOString() }));
      await tasks.create(identity(b.userId), { title: `Reminder bench ${i}`, reminders });
    });
    const setupMs = Date.now() - setupStarted;
    if (Date.now() > start) throw new Error(`setup took ${setupMs} ms: reminders would be past when scheduled`);
    await sleep(start + window - Date.now() + 3_000);
    const { rows } = await b.sys.db.raw(
      `select extract(epoch from (fired_at - remind_at)) * 1000 as late_ms, status from reminders.reminders`,
    );
    const fired = rows.filter((r: { status: string }) => r.status === 'SENT');
    const late = fired.map((r: { late_ms: string }) => Number(r.late_ms));
    const early = late.filter((ms: number) => ms < 0).length;
    const s = summary(late);
    console.log(`reminders: ${fired.length}/${count} fired; lateness p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms; early ${early} (setup ${setupMs} ms)`);
    return { count, fired: fired.length, lateness: s, early, setupMs };
  } finally {
    await b.close();
  }
}

/** Completions of recurring tasks at a target rate: the rate reached, and completion → next task latency. */
export async function benchRecurrence(total = Number(process.env.BENCH_COMPLETIONS ?? 3_000), rate = Number(process.env.BENCH_RATE ?? 1_000)): Promise<Record<string, unknown>> {
  const b = await startBenchSystem();
  try {
    const tasks = new TaskService(b.sys.db, b.sys.runtime, b.signingKey);
    const ids: string[] = [];
    await pool([...Array(total).keys()], 16, async (i) => {
      const t = await tasks.create(identity(b.userId), { title: `Recurring ${i}`, dueAt: new Date(Date.now() + 86_400_000), reminders: [], recurrence: { frequency: 'DAILY' } });
      ids.push(t.id);
    });
    const started = Date.now();
    // paced: `rate` completions a second, from 16 concurrent callers
    await pool(ids, 16, async (id, i) => {
      const due = started + (i / rate) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      await tasks.complete(identity(b.userId), id);
    });
    const completedIn = (Date.now() - started) / 1000;
    const deadline = Date.now() + 120_000;
    let spawned = 0;
    while (Date.now() < deadline) {
      spawned = Number((await b.sys.db.raw(`select count(*) as n from recurrence.occurrences where position = 2 and confirmed`)).rows[0].n);
      if (spawned >= total) break;
      await sleep(200);
    }
    const drainedIn = (Date.now() - started) / 1000;
    const { rows } = await b.sys.db.raw(
      `select extract(epoch from (n.created_at - p.completed_at)) * 1000 as ms
         from recurrence.occurrences o2
         join recurrence.occurrences o1 on o1.series_id = o2.series_id and o1.position = 1
         join tasks.tasks p on p.id = o1.task_id
         join tasks.tasks n on n.id = o2.task_id
        where o2.position = 2`,
    );
    const latency = summary(rows.map((r: { ms: string }) => Number(r.ms)));
    const result = {
      completions: total,
      completionsPerSecond: Math.round(total / completedIn),
      nextOccurrences: spawned,
      nextOccurrencesPerSecond: Math.round(spawned / drainedIn),
      latencyMs: latency,
    };
    console.log(
      `recurrence: ${result.completionsPerSecond} completions/s offered (target ${rate}); ${spawned} next occurrences at ${result.nextOccurrencesPerSecond}/s; completion → next task p50 ${latency.p50} ms, p99 ${latency.p99} ms`,
    );
    return result;
  } finally {
    await b.close();
  }
}

/** Task changes → audit entries: how fast the log ingests. */
export async function benchAudit(total = Number(process.env.BENCH_CHANGES ?? 5_000)): Promise<Record<string, unknown>> {
  const b = await startBenchSystem();
  try {
    const tasks = new TaskService(b.sys.db, b.sys.runtime, b.signingKey);
    const targets: string[] = [];
    await pool([...Array(500).keys()], 16, async (i) => {
      targets.push((await tasks.create(identity(b.userId), { title: `Audited ${i}` })).id);
    });
    await sleep(2_000); // let the creations' entries land first
    const before = Number((await b.sys.db.raw('select count(*) as n from audit.entries')).rows[0].n);
    const started = Date.now();
    await pool([...Array(total).keys()], 16, async (i) => {
      await tasks.update(identity(b.userId), targets[i % targets.length], { description: `revision ${i}` });
    });
    const writtenIn = (Date.now() - started) / 1000;
    let n = 0;
    while ((n = Number((await b.sys.db.raw('select count(*) as n from audit.entries')).rows[0].n) - before) < total) await sleep(100);
    const ingestedIn = (Date.now() - started) / 1000;
    const result = { changes: total, changesPerSecond: Math.round(total / writtenIn), entriesPerSecond: Math.round(n / ingestedIn), lagAfterLastWriteMs: Math.round((ingestedIn - writtenIn) * 1000) };
    console.log(`audit: ${result.changesPerSecond} changes/s written, ${result.entriesPerSecond} entries/s ingested end to end, last entry ${result.lagAfterLastWriteMs} ms after the last write`);
    return result;
  } finally {
    await b.close();
  }
}
