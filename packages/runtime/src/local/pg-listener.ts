import pg from 'pg';
import type { Logger } from '@tasklane/platform';

type Listener = () => void;

/**
 * One LISTEN connection per process, shared by the relay, consumers and job timers.
 * Reconnects with backoff; after a reconnect every listener is woken to catch up on anything
 * it may have missed.
 */
export class PgListener {
  private client?: pg.Client;
  private readonly listeners = new Map<string, Set<Listener>>();
  private stopped = false;
  private retryMs = 250;
  private reconnectTimer?: NodeJS.Timeout;
  connected = false;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  on(channel: string, listener: Listener): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      if (this.connected) void this.client?.query(`listen ${quote(channel)}`).catch(() => undefined);
    }
    set.add(listener);
    return () => set!.delete(listener);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'tasklane-listener' });
    client.on('notification', (msg) => this.emit(msg.channel));
    client.on('error', (err) => {
      this.logger.warn({ err }, 'listener connection lost');
      this.scheduleReconnect();
    });
    client.on('end', () => this.scheduleReconnect());
    try {
      await client.connect();
      for (const channel of this.listeners.keys()) await client.query(`listen ${quote(channel)}`);
      this.client = client;
      this.connected = true;
      this.retryMs = 250;
      for (const channel of this.listeners.keys()) this.emit(channel);
    } catch (err) {
      this.logger.warn({ err }, 'listener could not connect; retrying');
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    this.connected = false;
    if (this.stopped || this.reconnectTimer) return;
    this.client = undefined;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 5_000);
  }

  private emit(channel: string): void {
    for (const listener of this.listeners.get(channel) ?? []) listener();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    this.connected = false;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}

function quote(channel: string): string {
  return `"${channel.replace(/"/g, '""')}"`;
}
