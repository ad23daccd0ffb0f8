import { randomUUID } from 'node:crypto';
import { createDatabase, type Knex } from '@tasklane/platform';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  db: Knex;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TASKLANE_TEST_DATABASE_URL;
  if (!url) throw new Error('TASKLANE_TEST_DATABASE_URL is not set: run tests through jest (global setup starts PostgreSQL)');
  return url;
}

/** A fresh, empty database on the test cluster, dropped by `drop()`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const db = createDatabase({ url: url.toString(), max: 20 });
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
