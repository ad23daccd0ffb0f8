import type { Migration } from '@tasklane/platform';

export const createReminders: Migration = {
  async up(db) {
    await db.raw(`
      -- what reminders need to know of a task (owned by tasks; kept by invocation and events)
      create table reminders.tasks (
        task_id uuid primary key,
        user_id uuid not null,
        title text not null,
        due_at timestamptz(3),
        status text not null
      );
      create table reminders.reminders (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null,
        task_id uuid not null,
        remind_at timestamptz(3) not null,
        before text,
        channels text[] not null,
        status text not null default 'SCHEDULED' check (status in ('SCHEDULED', 'SENT', 'CANCELLED')),
        fired_at timestamptz(3),
        deliveries jsonb not null default '[]',
        created_at timestamptz(3) not null default now()
      );
      create index reminders_task on reminders.reminders (task_id, remind_at);
    `);
  },
};
