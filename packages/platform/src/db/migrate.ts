import type { Knex } from 'knex';

export interface Migration {
  up(db: Knex): Promise<void>;
  down?(db: Knex): Promise<void>;
}

/** Migrations keyed by a timestamped, descriptive name; applied in name order. */
export type MigrationSet = Record<string, Migration>;

/**
 * Runs a module's migrations into its own PostgreSQL schema, with its own bookkeeping table,
 * so subgraphs never share migration state. The list is static (imported), so it works the same
 * from sources under Jest and from compiled output.
 */
export async function migrate(db: Knex, schema: string, migrations: MigrationSet): Promise<void> {
  // Several processes may start at once (the distributed topology): knex's lock makes the
  // others fail, so they wait and try again; by then the work is usually done.
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(db, schema, migrations);
    } catch (error) {
      const racing = /already locked|duplicate key|already exists/i.test(String((error as Error).message));
      if (!racing || attempt >= 100) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

async function migrateOnce(db: Knex, schema: string, migrations: MigrationSet): Promise<void> {
  await db.raw('create schema if not exists ??', [schema]);
  const names = Object.keys(migrations).sort();
  await db.migrate.latest({
    schemaName: schema,
    tableName: 'knex_migrations',
    migrationSource: {
      getMigrations: async () => names,
      getMigrationName: (name: string) => name,
      getMigration: async (name: string) => {
        const m = migrations[name];
        return { up: (k: Knex) => m.up(k), down: (k: Knex) => (m.down ? m.down(k) : Promise.resolve()) };
      },
    },
  });
}
