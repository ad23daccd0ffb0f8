import type { Migration } from '@tasklane/platform';

export const createSeries: Migration = {
  async up(db) {
    await db.raw(`
      create table recurrence.series (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null,
        frequency text not null,
        interval int not null,
        by_weekday text[],
        by_month_day int[],
        until timestamptz(3),
        count int,
        mode text not null,
        auto_create boolean not null,
        timezone text not null,
        -- wall-clock time of the first due date in the series' zone; null when it had none
        anchor timestamp(0),
        active boolean not null default true,
        occurrences int not null default 1,
        -- what the next task copies: title, description, priority, tags
        template jsonb not null,
        created_at timestamptz(3) not null default now()
      );
      create table recurrence.occurrences (
        task_id uuid primary key,
        series_id uuid not null references recurrence.series (id) on delete cascade,
        user_id uuid not null,
        position int not null,
        due_at timestamptz(3),
        -- false from reserving the position until the tasks service has created the task
        confirmed boolean not null default true,
        -- one task per position: the guard against a second next occurrence
        unique (series_id, position)
      );
    `);
  },
};
