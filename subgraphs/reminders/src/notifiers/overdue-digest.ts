import type { Knex, Logger } from '@tasklane/platform';
import { Bindings, type Runtime } from '@tasklane/runtime';
import { userContact } from './user-contact';

const DIGEST_HOUR = 8;
const LISTED = 20;

/** The hour and date at `now` in `timezone`. */
export function localTime(now: Date, timezone: string): { hour: number; date: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { hour: Number(parts.hour), date: `${parts.year}-${parts.month}-${parts.day}` };
}

/**
 * The daily overdue digest, driven by the hourly `overdue-digest` cron binding: a user with
 * overdue pending tasks whose local time is 08:xx gets one e-mail listing them, once per local
 * date (the digests row commits with the send, so a failed send is not recorded).
 */
export class OverdueDigest {
  constructor(
    private readonly db: Knex,
    private readonly runtime: Runtime,
    private readonly signingKey: string,
    private readonly from: string,
    private readonly logger: Logger,
  ) {}

  /** Returns how many digests it sent. */
  async run(now = new Date()): Promise<number> {
    const { rows } = await this.db.raw(
      `select user_id, count(*)::int as n, (array_agg(title order by due_at))[1:${LISTED}] as titles
       from reminders.tasks where status = 'PENDING' and due_at < ? group by user_id`,
      [now],
    );
    let sent = 0;
    for (const row of rows as Array<{ user_id: string; n: number; titles: string[] }>) {
      try {
        const user = await userContact(this.runtime, this.signingKey, row.user_id);
        if (!user) continue;
        const local = localTime(now, user.timezone);
        if (local.hour !== DIGEST_HOUR) continue;
        await this.db.transaction(async (trx) => {
          const inserted = await trx.raw(`insert into reminders.digests (user_id, local_date, task_count) values (?, ?, ?) on conflict do nothing returning user_id`, [
            row.user_id,
            local.date,
            row.n,
          ]);
          if (inserted.rows.length === 0) return;
          const more = row.n > row.titles.length ? `\n…and ${row.n - row.titles.length} more.` : '';
          await this.runtime.bindings.invoke(Bindings.email, 'create', `Hello${user.name ? ` ${user.name}` : ''},\n\nOverdue today:\n${row.titles.map((t) => `- ${t}`).join('\n')}${more}\n\n— Tasklane`, {
            emailFrom: this.from,
            emailTo: user.email,
            subject: `${row.n} overdue task${row.n === 1 ? '' : 's'}`,
          });
          sent++;
        });
      } catch (error) {
        this.logger.warn({ err: error, userId: row.user_id }, 'overdue digest failed for a user');
      }
    }
    return sent;
  }
}
