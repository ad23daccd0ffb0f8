import type { Migration } from '@tasklane/platform';

export const createTasks: Migration = {
  async up(db) {
    await db.raw(`
      create extension if not exists unaccent;
      -- immutable wrapper so unaccent can feed a generated column and indexes
      create or replace function tasks.fold(text) returns text
        language sql immutable parallel safe strict
        as $$ select lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

      create table tasks.tasks (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null,
        title text not null,
        description text,
        status text not null default 'PENDING' check (status in ('PENDING', 'COMPLETED')),
        -- 0 NONE, 1 LOW, 2 MEDIUM, 3 HIGH: so DESC puts HIGH first
        priority smallint not null default 0 check (priority between 0 and 3),
        due_at timestamptz(3),
        completed_at timestamptz(3),
        created_at timestamptz(3) not null default now(),
        updated_at timestamptz(3) not null default now(),
        search tsvector generated always as
          (to_tsvector('simple', tasks.fold(title || ' ' || coalesce(description, '')))) stored
      );
      create index tasks_user_created on tasks.tasks (user_id, created_at, id);
      create index tasks_user_updated on tasks.tasks (user_id, updated_at, created_at, id);
      -- the DUE_AT sort keys (no due date last either way), so a search walks in order and stops early
      create index tasks_user_due_asc on tasks.tasks (user_id, coalesce(due_at, 'infinity'::timestamptz), created_at, id);
      create index tasks_user_due_desc on tasks.tasks (user_id, coalesce(due_at, '-infinity'::timestamptz), created_at, id);
      create index tasks_user_priority on tasks.tasks (user_id, priority, created_at, id);
      create index tasks_user_title on tasks.tasks (user_id, tasks.fold(title) collate "C", created_at, id);
      create index tasks_user_status_due on tasks.tasks (user_id, status, due_at);
      -- fastupdate off: searches never scan a pending list; writes per user are rare
      create index tasks_search on tasks.tasks using gin (search) with (fastupdate = off);
    `);
  },
  async down(db) {
    await db.raw('drop table tasks.tasks; drop function tasks.fold(text);');
  },
};
