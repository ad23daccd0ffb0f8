import type { Migration } from '@tasklane/platform';

/**
 * Copies owned elsewhere, kept here so filters join nothing: the lower-case names of a task's tags
 * (written by the tags service through invocation) and whether it recurs (by recurrence).
 */
export const addProjections: Migration = {
  async up(db) {
    await db.raw(`
      alter table tasks.tasks
        add column tag_keys text[] not null default '{}',
        add column recurring boolean not null default false,
        -- set on tasks a series created: the same key twice yields the same task
        add column occurrence_key text unique;
      create index tasks_tag_keys on tasks.tasks using gin (tag_keys) with (fastupdate = off);
    `);
  },
};
