import type { Logger } from '@tasklane/platform';
import { DaprComponents } from './dapr-runtime';
import { DaprSecretStore } from './dapr-state';
import { Sidecar } from './sidecar';

export interface DaprConnection {
  sidecar: Sidecar;
  secrets: DaprSecretStore;
  /** a secret the app cannot run without */
  secret(name: string): Promise<string>;
}

/**
 * A service's first step in the Dapr topology: wait (with backoff) for its sidecar, whose port
 * is DAPR_HTTP_PORT, then read its secrets from the sidecar's secret store.
 */
export async function connectDapr(logger: Logger): Promise<DaprConnection> {
  const sidecar = new Sidecar(Number(process.env.DAPR_HTTP_PORT ?? 3500), process.env.DAPR_HOST ?? '127.0.0.1');
  let waited = false;
  await sidecar.waitUntilHealthy((message) => {
    if (!waited) logger.info(message);
    waited = true;
  });
  const secrets = new DaprSecretStore(sidecar, DaprComponents.secretstore);
  return {
    sidecar,
    secrets,
    async secret(name) {
      const value = await secrets.get(name);
      if (!value) throw new Error(`secret ${name} is missing from the Dapr secret store '${DaprComponents.secretstore}'`);
      return value;
    },
  };
}
