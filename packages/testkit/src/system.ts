import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSystem, type RunningSystem, type SystemOptions } from '@tasklane/gateway';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestSystem extends RunningSystem {
  database: TestDatabase;
  dataDir: string;
}

/** The embedded topology on a fresh database, on a free port, for one test file. */
export async function startTestSystem(
  options: Partial<SystemOptions> = {},
  database?: TestDatabase,
): Promise<TestSystem> {
  database ??= await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tasklane-data-'));
  const system = await startSystem({ dataDir, databaseUrl: database.url, ...options });
  return {
    ...system,
    database,
    dataDir,
    async stop() {
      await system.stop();
      await database!.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
