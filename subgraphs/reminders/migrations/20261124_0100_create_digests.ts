import type { Migration } from '@tasklane/platform';

/** One overdue digest per user and local date, whichever process's cron tick sends it. */
export const createDigests: Migration = {
  async up(db) {
    await db.raw(`
      create table reminders.digests (
        user_id uuid not null,
        local_date date not null,
        task_count int not null,
        sent_at timestamptz(3) not null default now(),
        primary key (user_id, local_date)
      )`);
  },
};
