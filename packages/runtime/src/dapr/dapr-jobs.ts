import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendJson, type Knex, type Logger } from '@tasklane/platform';
import type { Job, JobHandler, JobScheduler } from '../port';
import { SerialRunner } from '../serial-runner';
import type { Sidecar } from './sidecar';

interface Registration {
  appId: string;
  prefix: string;
  handler: JobHandler;
}

interface JobData {
  app: string;
  name: string;
  version: string;
}

const SYNC_INTERVAL_MS = 2_000;

/** Dapr job names: letters, digits, `-`, `_` and `.` only. */
const daprName = (appId: string, name: string) => `${appId}.${name}`.replace(/[^\w.-]/g, '_');

/**
 * Jobs on the Dapr Jobs API (the scheduler calls `POST /job/<name>` at the due time), with the
 * same table as the local adapter as the source of truth: a schedule or cancel is written in the
 * caller's transaction, and the job is (re)registered with Dapr after commit. Rows not yet
 * registered (the sidecar was down, the process died right after commit) are registered by the
 * sync loop, so no job is lost; a callback whose row is gone or newer is acknowledged and
 * ignored, so a late cancel cannot fire a job.
 */
export class DaprJobs implements JobScheduler {
  private readonly registrations: Registration[] = [];
  private readonly sync = new SerialRunner(() => this.registerPending(), () => !this.stopped);
  private timer?: NodeJS.Timeout;
  private stopped = true;

  constructor(
    private readonly db: Knex,
    private readonly sidecar: Sidecar,
    private readonly logger: Logger,
  ) {}

  onJob<T>(appId: string, prefix: string, handler: JobHandler<T>): void {
    this.registrations.push({ appId, prefix, handler: handler as JobHandler });
  }

  async schedule(appId: string, job: Job, trx?: Knex.Transaction): Promise<void> {
    await (trx ?? this.db).raw(
      `insert into runtime.jobs (app_id, name, due_at, data) values (?, ?, ?, ?)
       on conflict (app_id, name) do update
         set due_at = excluded.due_at, data = excluded.data, version = runtime.jobs.version + 1, attempts = 0`,
      [appId, job.name, job.dueAt, JSON.stringify(job.data ?? {})],
    );
    this.afterCommit(trx, () => this.sync.wake());
  }

  async cancel(appId: string, name: string, trx?: Knex.Transaction): Promise<void> {
    await (trx ?? this.db).raw(`delete from runtime.jobs where app_id = ? and name = ?`, [appId, name]);
    this.afterCommit(trx, () =>
      void this.sidecar
        .request('DELETE', `/v1.0-alpha1/jobs/${daprName(appId, name)}`)
        .catch((error) => this.logger.warn({ err: error, job: name }, 'could not delete the Dapr job; its callback will be ignored')),
    );
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.sync.wake(), SYNC_INTERVAL_MS);
    this.timer.unref();
    this.sync.wake();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  async drained(): Promise<void> {
    await this.sync.idle();
  }

  /** `POST /job/<name>` from daprd; false for other paths. */
  route(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST' || !(req.url ?? '').startsWith('/job/')) return false;
    void (async () => {
      try {
        const data = (await readJson(req)) as JobData;
        await this.run(data);
        sendJson(res, 200, {});
      } catch (error) {
        this.logger.warn({ err: error, url: req.url }, 'job failed; Dapr retries it');
        sendJson(res, 500, { error: 'job failed' });
      }
    })();
    return true;
  }

  private afterCommit(trx: Knex.Transaction | undefined, work: () => void): void {
    if (!trx) return work();
    trx.executionPromise.then(work, () => undefined);
  }

  private async run({ app, name, version }: JobData): Promise<void> {
    const { rows } = await this.db.raw(`select due_at, data, version from runtime.jobs where app_id = ? and name = ?`, [app, name]);
    const row = rows[0] as { due_at: Date; data: unknown; version: string } | undefined;
    if (!row || String(row.version) !== String(version)) return; // cancelled or rescheduled since
    const registration = this.registrations.find((r) => r.appId === app && name.startsWith(r.prefix));
    if (!registration) throw new Error(`no handler for job ${name}`);
    await registration.handler({ name, dueAt: row.due_at, data: row.data });
    await this.db.raw(`delete from runtime.jobs where app_id = ? and name = ? and version = ?`, [app, name, version]);
  }

  /** Registers every row of this process's apps that Dapr does not have at its current version. */
  private async registerPending(): Promise<void> {
    const apps = [...new Set(this.registrations.map((r) => r.appId))];
    if (apps.length === 0) return;
    try {
      const { rows } = await this.db.raw(
        `select app_id, name, due_at, version from runtime.jobs
         where app_id = any(?)
           and (synced_version is distinct from version
                -- registered, due long ago and still here: the trigger was lost, register again
                or (due_at < now() - interval '30 seconds' and synced_at < now() - interval '30 seconds'))
         order by due_at limit 500`,
        [apps],
      );
      for (const row of rows as Array<{ app_id: string; name: string; due_at: Date; version: string }>) {
        const data: JobData = { app: row.app_id, name: row.name, version: String(row.version) };
        const res = await this.sidecar.request('POST', `/v1.0-alpha1/jobs/${daprName(row.app_id, row.name)}`, {
          dueTime: row.due_at.toISOString(),
          data,
          overwrite: true,
        });
        if (!res.ok) throw new Error(`Dapr refused job ${row.name}: ${res.status} ${await res.text()}`);
        await this.db.raw(`update runtime.jobs set synced_version = ?, synced_at = now() where app_id = ? and name = ? and version = ?`, [row.version, row.app_id, row.name, row.version]);
      }
      if (rows.length === 500) this.sync.wake();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not register jobs with Dapr; retrying');
    }
  }
}
