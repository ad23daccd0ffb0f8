import type { Migration } from '@tasklane/platform';

export const createEntries: Migration = {
  async up(db) {
    await db.raw(`
      create table audit.entries (
        seq bigserial primary key,
        id uuid not null unique default gen_random_uuid(),
        -- one entry per event: a redelivered event hits this key and is skipped
        event_id uuid not null unique,
        user_id uuid not null,
        task_id uuid,
        action text not null,
        actor text not null,
        at timestamptz(3) not null,
        changes jsonb
      );
      create index entries_user_at on audit.entries (user_id, at desc, seq desc);
      create index entries_task_at on audit.entries (user_id, task_id, at desc, seq desc);
    `);
  },
};
