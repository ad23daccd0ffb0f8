import type { Knex, Logger } from '@tasklane/platform';
import type { Job, JobHandler, JobScheduler } from '../port';
import { runBounded } from '../serial-runner';

export const JOBS_CHANNEL = 'runtime_jobs';
const CLAIM_BATCH = 500;
const LEASE_SECONDS = 60;
const CONCURRENCY = 32;
const MAX_TIMER_MS = 2_147_000_000;

interface JobRow {
  app_id: string;
  name: string;
  due_at: Date;
  data: unknown;
  version: string;
  attempts: number;
}

interface Registration {
  appId: string;
  prefix: string;
  handler: JobHandler;
}

/**
 * Local Jobs API: a jobs table and one timer armed for the next due job (no polling scan).
 * Scheduling notifies every process, which re-arms; a claim is a lease, so a job whose process
 * died mid-run fires again when the lease ends. Handlers must be idempotent (at least once).
 */
export class JobTimer implements JobScheduler {
  private readonly registrations: Registration[] = [];
  private timer?: NodeJS.Timeout;
  private armedFor?: number;
  private firing = false;
  private refire = false;
  private stopped = true;

  constructor(
    private readonly db: Knex,
    private readonly logger: Logger,
  ) {}

  onJob<T>(appId: string, prefix: string, handler: JobHandler<T>): void {
    this.registrations.push({ appId, prefix, handler: handler as JobHandler });
    if (!this.stopped) void this.arm();
  }

  async schedule(appId: string, job: Job, trx?: Knex.Transaction): Promise<void> {
    const q = trx ?? this.db;
    await q.raw(
      `insert into runtime.jobs (app_id, name, due_at, data) values (?, ?, ?, ?)
       on conflict (app_id, name) do update
         set due_at = excluded.due_at, data = excluded.data, version = runtime.jobs.version + 1,
             attempts = 0, locked_until = null`,
      [appId, job.name, job.dueAt, JSON.stringify(job.data ?? {})],
    );
    await q.raw(`select pg_notify(?, '')`, [JOBS_CHANNEL]);
  }

  async cancel(appId: string, name: string, trx?: Knex.Transaction): Promise<void> {
    await (trx ?? this.db).raw(`delete from runtime.jobs where app_id = ? and name = ?`, [appId, name]);
  }

  start(): void {
    this.stopped = false;
    void this.arm();
  }

  private get appIds(): string[] {
    return [...new Set(this.registrations.map((r) => r.appId))];
  }

  /** Sets the one timer for the earliest job this process can run. */
  async arm(): Promise<void> {
    if (this.stopped || this.registrations.length === 0) return;
    try {
      const { rows } = await this.db.raw(
        `select extract(epoch from min(greatest(due_at, coalesce(locked_until, due_at)))) * 1000 as next
         from runtime.jobs where app_id = any(?)`,
        [this.appIds],
      );
      const next = rows[0]?.next == null ? undefined : Number(rows[0].next);
      if (next === undefined) return this.clearTimer();
      if (this.timer && this.armedFor !== undefined && this.armedFor <= next) return;
      this.clearTimer();
      this.armedFor = next;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.armedFor = undefined;
        void this.fire();
      }, Math.min(Math.max(0, next - Date.now()), MAX_TIMER_MS));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not arm job timer; retrying');
      this.clearTimer();
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.arm();
      }, 1_000);
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = undefined;
  }

  private async fire(): Promise<void> {
    if (this.firing) {
      this.refire = true;
      return;
    }
    this.firing = true;
    try {
      let claimed: JobRow[];
      do {
        claimed = await this.claim();
        await runBounded(claimed, CONCURRENCY, (row) => this.run(row));
      } while (claimed.length === CLAIM_BATCH && !this.stopped);
    } catch (error) {
      this.logger.warn({ err: error }, 'job claim failed');
    } finally {
      this.firing = false;
      if (this.refire) {
        this.refire = false;
        void this.fire();
      } else {
        void this.arm();
      }
    }
  }

  private async claim(): Promise<JobRow[]> {
    const { rows } = await this.db.raw(
      `update runtime.jobs j set locked_until = now() + make_interval(secs => ?), attempts = j.attempts + 1
       from (select app_id, name from runtime.jobs
             where app_id = any(?) and due_at <= now() and (locked_until is null or locked_until < now())
             order by due_at limit ? for update skip locked) due
       where j.app_id = due.app_id and j.name = due.name
       returning j.app_id, j.name, j.due_at, j.data, j.version, j.attempts`,
      [LEASE_SECONDS, this.appIds, CLAIM_BATCH],
    );
    return rows;
  }

  private async run(row: JobRow): Promise<void> {
    const name = row.name;
    const registration = this.registrations.find((r) => r.appId === row.app_id && name.startsWith(r.prefix));
    try {
      if (!registration) throw new Error(`no handler for job ${name}`);
      await registration.handler({ name, dueAt: row.due_at, data: row.data });
      await this.db.raw(`delete from runtime.jobs where app_id = ? and name = ? and version = ?`, [row.app_id, name, row.version]);
    } catch (error) {
      const backoff = Math.min(2 ** Number(row.attempts), 300);
      this.logger.warn({ err: error, job: name, attempts: row.attempts }, 'job failed; will retry');
      await this.db
        .raw(`update runtime.jobs set locked_until = now() + make_interval(secs => ?) where app_id = ? and name = ? and version = ?`, [
          backoff,
          row.app_id,
          name,
          row.version,
        ])
        .catch(() => undefined);
    }
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  async drained(): Promise<void> {
    while (this.firing) await new Promise((r) => setTimeout(r, 10));
  }
}
