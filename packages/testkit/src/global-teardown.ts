import type { EmbeddedPostgresHandle } from '@tasklane/platform';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __tasklanePg?: EmbeddedPostgresHandle }).__tasklanePg?.stop();
}
