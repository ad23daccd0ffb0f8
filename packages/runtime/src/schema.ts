import { migrate, type Knex, type MigrationSet } from '@tasklane/platform';

/** PostgreSQL schema holding the outbox/log, inbox, offsets, jobs and state of the runtime. */
export const RUNTIME_SCHEMA = 'runtime';

const migrations: MigrationSet = {
  '20261123_0100_create_outbox_inbox_offsets': {
    async up(db) {
      await db.raw(`
        create table runtime.outbox (
          seq bigserial primary key,
          id uuid not null,
          topic text not null,
          source text not null,
          data jsonb not null,
          created_at timestamptz(3) not null default now(),
          published_at timestamptz(3),
          log_seq bigint unique,
          -- one event goes to several topics under its one id (the payload's event_id)
          unique (topic, id)
        );
        create index outbox_unpublished on runtime.outbox (seq) where published_at is null;
        create index outbox_log on runtime.outbox (topic, log_seq) where log_seq is not null;
        create table runtime.consumer_offsets (
          group_name text not null,
          topic text not null,
          position bigint not null,
          updated_at timestamptz(3) not null default now(),
          primary key (group_name, topic)
        );
        create table runtime.inbox (
          consumer text not null,
          event_id text not null,
          processed_at timestamptz(3) not null default now(),
          primary key (consumer, event_id)
        );
        create table runtime.dead_letters (
          id bigserial primary key,
          group_name text not null,
          topic text not null,
          event_id text not null,
          data jsonb not null,
          error text,
          at timestamptz(3) not null default now()
        );`);
    },
  },
  '20261123_0200_create_jobs_state': {
    async up(db) {
      await db.raw(`
        create table runtime.jobs (
          app_id text not null,
          name text not null,
          due_at timestamptz(3) not null,
          data jsonb not null default '{}',
          version bigint not null default 1,
          attempts int not null default 0,
          locked_until timestamptz(3),
          primary key (app_id, name)
        );
        create index jobs_due on runtime.jobs (app_id, due_at);
        create table runtime.state (
          key text primary key,
          value jsonb not null,
          updated_at timestamptz(3) not null default now()
        );`);
    },
  },
  '20261124_0100_jobs_registered_with_dapr': {
    async up(db) {
      // the Dapr adapter's record of what it registered with the scheduler (unused locally)
      await db.raw(`alter table runtime.jobs add column synced_version bigint, add column synced_at timestamptz(3)`);
    },
  },
};

export function migrateRuntime(db: Knex): Promise<void> {
  return migrate(db, RUNTIME_SCHEMA, migrations);
}
