import { createHash } from 'node:crypto';
import type { Knex, Logger } from '@tasklane/platform';
import type { Envelope, MessageHandler, SubscribeOptions, Subscription } from '../port';

const BATCH = 200;
const MAX_BACKOFF_MS = 5_000;

/**
 * A consumer group reading one topic of the local log. Positions are stored per group; one
 * process at a time consumes a group (advisory lock), so replicas of a service share the work
 * like a Kafka consumer group. A message is retried with backoff while the handler says
 * `retry` or throws, and goes to the dead letters after `maxAttempts`.
 */
export class LogConsumer implements Subscription {
  private running = false;
  private again = false;
  private closed = false;
  private attempts = 0;
  private retryTimer?: NodeJS.Timeout;
  private readonly lockKey: string;

  constructor(
    private readonly db: Knex,
    private readonly topic: string,
    private readonly options: Required<SubscribeOptions>,
    private readonly handler: MessageHandler,
    private readonly logger: Logger,
  ) {
    this.lockKey = BigInt.asIntN(64, BigInt('0x' + createHash('sha1').update(`${options.group}\0${topic}`).digest('hex').slice(0, 16))).toString();
  }

  /** Creates the group's position if it has none yet. */
  async init(): Promise<void> {
    const start = this.options.startAt === 'latest' ? `coalesce((select max(log_seq) from runtime.outbox where topic = ?), 0)` : `?::bigint`;
    await this.db.raw(
      `insert into runtime.consumer_offsets (group_name, topic, position) values (?, ?, ${start})
       on conflict do nothing`,
      [this.options.group, this.topic, this.options.startAt === 'latest' ? this.topic : 0],
    );
  }

  wake(): void {
    if (this.closed || this.retryTimer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.again && !this.closed && !this.retryTimer) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (!this.closed && (await this.consumeBatch()) === BATCH);
    } catch (error) {
      this.logger.warn({ err: error, group: this.options.group, topic: this.topic }, 'consumer failed; will retry');
      this.retryLater();
    }
  }

  /** Delivers one batch in order; returns how many it consumed. */
  private async consumeBatch(): Promise<number> {
    return this.db.transaction(async (trx) => {
      const lock = await trx.raw('select pg_try_advisory_xact_lock(?::bigint) as ok', [this.lockKey]);
      if (!lock.rows[0].ok) return 0; // another process consumes this group now
      const offset = await trx.raw(
        `select position from runtime.consumer_offsets where group_name = ? and topic = ? for update`,
        [this.options.group, this.topic],
      );
      let position = BigInt(offset.rows[0]?.position ?? 0);
      const { rows } = await trx.raw(
        `select log_seq, id, topic, source, created_at, data from runtime.outbox
         where topic = ? and log_seq > ? order by log_seq limit ?`,
        [this.topic, position.toString(), BATCH],
      );
      let consumed = 0;
      for (const row of rows) {
        if (this.closed) break;
        const message: Envelope = {
          id: String(row.id),
          topic: row.topic,
          source: row.source,
          time: (row.created_at as Date).toISOString(),
          data: row.data,
        };
        const outcome = await this.deliver(message, trx);
        if (outcome === 'retry') break;
        position = BigInt(row.log_seq);
        consumed++;
      }
      if (consumed > 0) {
        await trx.raw(
          `update runtime.consumer_offsets set position = ?, updated_at = now() where group_name = ? and topic = ?`,
          [position.toString(), this.options.group, this.topic],
        );
      }
      return consumed === rows.length ? consumed : -1;
    });
  }

  private async deliver(message: Envelope, trx: Knex.Transaction): Promise<'done' | 'retry'> {
    let status: string;
    let error: unknown;
    try {
      status = (await this.handler(message)) ?? 'success';
    } catch (err) {
      status = 'retry';
      error = err;
    }
    if (status === 'success') {
      this.attempts = 0;
      return 'done';
    }
    if (status === 'retry' && ++this.attempts < this.options.maxAttempts) {
      this.logger.warn({ err: error, id: message.id, attempt: this.attempts, group: this.options.group }, 'delivery failed; retrying');
      this.retryLater();
      return 'retry';
    }
    this.attempts = 0;
    await trx.withSchema('runtime').table('dead_letters').insert({
      group_name: this.options.group,
      topic: this.topic,
      event_id: message.id,
      data: JSON.stringify(message.data),
      error: error instanceof Error ? error.message : status,
    });
    this.logger.error({ id: message.id, group: this.options.group, topic: this.topic }, 'message moved to dead letters');
    return 'done';
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer) return;
    const delay = Math.min(100 * 2 ** Math.max(0, this.attempts - 1), MAX_BACKOFF_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, delay);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }
}
