import type { SecretStore, StateStore } from '../port';
import type { Sidecar } from './sidecar';

/** State on the Dapr state store component (`state.postgresql` here and in the chart). */
export class DaprStateStore implements StateStore {
  constructor(
    private readonly sidecar: Sidecar,
    private readonly storeName: string,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const value = await (await this.sidecar.sdk()).state.get(this.storeName, key);
    return value === '' || value == null ? undefined : (value as T);
  }

  async set(key: string, value: unknown): Promise<void> {
    await (await this.sidecar.sdk()).state.save(this.storeName, [{ key, value }]);
  }

  async delete(key: string): Promise<void> {
    await (await this.sidecar.sdk()).state.delete(this.storeName, key);
  }
}

/**
 * Secrets from the Dapr secret store (a local file here, Kubernetes secrets in the chart). Raw
 * HTTP, not the SDK: a missing secret must be told apart from an unreachable sidecar.
 */
export class DaprSecretStore implements SecretStore {
  constructor(
    private readonly sidecar: Sidecar,
    private readonly storeName: string,
  ) {}

  async get(name: string): Promise<string | undefined> {
    const res = await this.sidecar.request('GET', `/v1.0/secrets/${this.storeName}/${encodeURIComponent(name)}`);
    if (res.status === 204 || res.status === 404) return undefined;
    const body = (await res.json().catch(() => ({}))) as Record<string, string> & { errorCode?: string; message?: string };
    if (!res.ok) {
      // the local file store answers 500 ERR_SECRET_GET for a missing key
      if (body.errorCode === 'ERR_SECRET_GET' && /not found|does not exist/i.test(body.message ?? '')) return undefined;
      throw new Error(`secret ${name}: ${res.status} ${body.message ?? ''}`);
    }
    return body[name];
  }
}
