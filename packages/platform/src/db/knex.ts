import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Logger } from '../logger';

// Timestamps come back as Date, bigint (int8) as string, numeric as string: we convert where needed.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
// `timestamp` without a zone is a wall-clock time (recurrence anchors), not an instant: keep the text.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v) => v);

export type { Knex };

export interface DatabaseOptions {
  url: string;
  /** pool size; small by default because one process hosts every subgraph */
  max?: number;
  applicationName?: string;
  /** where knex's own warnings go (it prints to the console otherwise) */
  logger?: Logger;
}

export function createDatabase({ url, max = 10, applicationName = 'tasklane', logger }: DatabaseOptions): Knex {
  const log = (level: 'debug' | 'warn') => (message: unknown) => logger?.[level]({ knex: String(message) }, 'database');
  return knexFactory({
    log: { debug: log('debug'), warn: log('warn'), error: log('warn'), deprecate: log('debug') },
    client: 'pg',
    connection: { connectionString: url, application_name: applicationName },
    pool: { min: 0, max, idleTimeoutMillis: 30_000 },
    acquireConnectionTimeout: 5_000,
  });
}

/** True when the database answers within `timeoutMs`. */
export async function isDatabaseReachable(db: Knex, timeoutMs = 1_000): Promise<boolean> {
  try {
    await Promise.race([
      db.raw('select 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}
