import type { Migration } from '@tasklane/platform';

export const createTags: Migration = {
  async up(db) {
    await db.raw(`
      create table tags.tags (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null,
        name text not null,
        -- case-insensitive identity of the name
        name_key text not null,
        color text not null,
        created_at timestamptz(3) not null default now(),
        unique (user_id, name_key)
      );
      create table tags.task_tags (
        task_id uuid not null,
        tag_id uuid not null references tags.tags (id) on delete cascade,
        user_id uuid not null,
        created_at timestamptz(3) not null default now(),
        primary key (task_id, tag_id)
      );
      create index task_tags_tag on tags.task_tags (tag_id);
    `);
  },
};
