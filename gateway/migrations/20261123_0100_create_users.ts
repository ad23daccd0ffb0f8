import type { Migration } from '@tasklane/platform';

export const createUsers: Migration = {
  async up(db) {
    await db.raw(`
      create table gateway.users (
        id uuid primary key default gen_random_uuid(),
        email text not null,
        name text,
        password_hash text not null,
        created_at timestamptz(3) not null default now()
      );
      create unique index users_email on gateway.users (lower(email));
    `);
  },
};
