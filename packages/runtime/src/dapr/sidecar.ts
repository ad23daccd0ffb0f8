import type { DaprClient } from '@dapr/dapr';

/** The sidecar could not be reached: callers answer 503 with this message. */
export class SidecarUnavailableError extends Error {
  readonly status = 503;
}

/**
 * This app's Dapr sidecar: the `@dapr/dapr` client for the building blocks it covers, and raw
 * HTTP for the ones it does not (the Jobs API, service invocation with our own error bodies).
 */
export class Sidecar {
  readonly url: string;
  /** what the last health probe saw (watch() probes every second) */
  lastSeenHealthy = true;
  private client?: DaprClient;
  private probe?: NodeJS.Timeout;

  constructor(
    readonly httpPort: number,
    private readonly host = '127.0.0.1',
  ) {
    this.url = `http://${host}:${httpPort}`;
  }

  /** The SDK, loaded on first use: the embedded mode never pays for it. */
  async sdk(): Promise<DaprClient> {
    if (!this.client) {
      const { DaprClient, CommunicationProtocolEnum, LogLevel } = await import('@dapr/dapr');
      this.client = new DaprClient({
        daprHost: this.host,
        daprPort: String(this.httpPort),
        communicationProtocol: CommunicationProtocolEnum.HTTP,
        isKeepAlive: true,
        logger: { level: LogLevel.Warn },
      });
    }
    return this.client;
  }

  /** A Dapr HTTP API call; throws SidecarUnavailableError when the sidecar does not answer. */
  async request(method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<Response> {
    try {
      return await fetch(`${this.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new SidecarUnavailableError(`The Dapr sidecar at ${this.url} is not reachable (${(error as Error).message})`, { cause: error });
    }
  }

  /** True when daprd is up and its components are initialized. */
  async healthy(): Promise<boolean> {
    try {
      const res = await this.request('GET', '/v1.0/healthz/outbound', undefined, 2_000);
      return res.ok;
    } catch {
      return false;
    }
  }

  /** Waits for the sidecar, with backoff, logging what it waits for. */
  async waitUntilHealthy(log: (message: string) => void, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let delay = 100;
    while (!(await this.healthy())) {
      if (Date.now() > deadline) throw new SidecarUnavailableError(`The Dapr sidecar at ${this.url} did not become healthy`);
      log(`waiting for the Dapr sidecar at ${this.url}`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2_000);
    }
  }

  /** Probes health every second, so requests can be refused at once while the sidecar is gone. */
  watch(): void {
    this.probe ??= setInterval(() => void this.healthy().then((ok) => (this.lastSeenHealthy = ok)), 1_000);
    this.probe.unref();
  }

  unwatch(): void {
    clearInterval(this.probe);
    this.probe = undefined;
  }

  async stop(): Promise<void> {
    this.unwatch();
    await this.client?.stop().catch(() => undefined);
  }
}
