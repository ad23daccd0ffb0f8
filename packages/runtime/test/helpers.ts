import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '@tasklane/platform';
import { createTestDatabase, type TestDatabase } from '@tasklane/testkit';
import { LocalRuntime, migrateRuntime } from '../src';

export interface RuntimeFixture {
  database: TestDatabase;
  runtime: LocalRuntime;
  restart(): Promise<LocalRuntime>;
  close(): Promise<void>;
}

/** A migrated database and a started local runtime on it. */
export async function startRuntime(): Promise<RuntimeFixture> {
  const database = await createTestDatabase();
  await migrateRuntime(database.db);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tasklane-rt-'));
  const make = () =>
    new LocalRuntime({ db: database.db, databaseUrl: database.url, logger: createLogger('test'), dataDir, generatedSecrets: ['GEN_KEY'] });
  const fixture: RuntimeFixture = {
    database,
    runtime: make(),
    async restart() {
      await fixture.runtime.stop();
      fixture.runtime = make();
      return fixture.runtime;
    },
    async close() {
      await fixture.runtime.stop();
      await database.drop();
    },
  };
  await fixture.runtime.start();
  return fixture;
}
