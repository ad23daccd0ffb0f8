import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@tasklane/platform';

/** One throwaway PostgreSQL cluster for the whole Jest run; every test file makes its own database. */
export default async function globalSetup(): Promise<void> {
  if (process.env.TASKLANE_TEST_DATABASE_URL) return; // an outside server was given
  const dir = mkdtempSync(path.join(tmpdir(), 'tasklane-test-'));
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    persistent: false,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '500' },
  });
  process.env.TASKLANE_TEST_DATABASE_URL = pg.url;
  (globalThis as { __tasklanePg?: EmbeddedPostgresHandle }).__tasklanePg = pg;
}
