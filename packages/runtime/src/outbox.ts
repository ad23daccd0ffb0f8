import { randomUUID } from 'node:crypto';
import type { Knex, Logger } from '@tasklane/platform';
import type { OutboxMessage, Publisher } from './port';
import { SerialRunner } from './serial-runner';

export const OUTBOX_CHANNEL = 'runtime_outbox';
const RELAY_LOCK = 7_140_001;
const BATCH = 500;

export interface OutgoingEvent {
  topic: string;
  /** app id of the writer (CloudEvent `source`) */
  source: string;
  data: unknown;
  /** defaults to a new UUID; pass the payload's event_id to keep them equal */
  id?: string;
}

/**
 * The one way to publish: inside the transaction that makes the change, so a committed change
 * always yields its events and a rolled-back one yields none.
 */
export async function enqueue(trx: Knex.Transaction, events: OutgoingEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx.withSchema('runtime').table('outbox').insert(
    events.map((e) => ({ id: e.id ?? randomUUID(), topic: e.topic, source: e.source, data: JSON.stringify(e.data) })),
  );
  // Delivered at commit, never for a rolled-back transaction.
  await trx.raw(`select pg_notify(?, '')`, [OUTBOX_CHANNEL]);
}

/**
 * Moves committed outbox rows to the publisher and marks them sent. One relay at a time holds
 * the advisory lock, so rows are published in the order they became visible.
 */
export class OutboxRelay {
  private stopped = false;
  private safetyTimer?: NodeJS.Timeout;
  private readonly runner = new SerialRunner(() => this.drain(), () => !this.stopped);

  constructor(
    private readonly db: Knex,
    private readonly publisher: Publisher,
    private readonly logger: Logger,
    private readonly safetyIntervalMs = 1_000,
  ) {}

  start(): void {
    this.stopped = false;
    // Notifications wake the relay; the timer covers notifications lost while reconnecting.
    this.safetyTimer = setInterval(() => this.wake(), this.safetyIntervalMs);
    this.safetyTimer.unref();
    this.wake();
  }

  wake(): void {
    this.runner.wake();
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.relayOnce()) === BATCH);
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox relay failed; will retry');
    }
  }

  /** Publishes one batch; returns how many rows it published. */
  async relayOnce(): Promise<number> {
    return this.db.transaction(async (trx) => {
      const lock = await trx.raw('select pg_try_advisory_xact_lock(?) as ok', [RELAY_LOCK]);
      if (!lock.rows[0].ok) return 0;
      const { rows } = await trx.raw(
        `select seq, id, topic, source, created_at, data from runtime.outbox
         where published_at is null order by seq limit ? for update`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      const batch: OutboxMessage[] = rows.map((r: Record<string, unknown>) => ({
        seq: String(r.seq),
        id: String(r.id),
        topic: String(r.topic),
        source: String(r.source),
        time: (r.created_at as Date).toISOString(),
        data: r.data,
      }));
      await this.publisher.publish(batch, trx);
      await trx.raw(`update runtime.outbox set published_at = now() where seq = any(?::bigint[])`, [batch.map((m) => m.seq)]);
      return rows.length;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.safetyTimer) clearInterval(this.safetyTimer);
    await this.runner.idle();
  }
}
