import { createHash } from 'node:crypto';
import type { Knex, Logger } from '@tasklane/platform';
import type { Envelope, MessageHandler, SubscribeOptions, Subscription } from '../port';
import { runBounded, SerialRunner } from '../serial-runner';

const BATCH = 200;
const MAX_BACKOFF_MS = 5_000;

/**
 * A consumer group reading one topic of the local log. Positions are stored per group; one
 * process at a time consumes a group (advisory lock), so replicas of a service share the work
 * like a Kafka consumer group. A message is retried with backoff while the handler says
 * `retry` or throws, and goes to the dead letters after `maxAttempts`.
 */
export class LogConsumer implements Subscription {
  private closed = false;
  private readonly runner = new SerialRunner(() => this.drain(), () => !this.closed && !this.retryTimer);
  /** failed deliveries per message id, for backoff and the dead-letter limit */
  private readonly attempts = new Map<string, number>();
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
    this.runner.wake();
  }

  private async drain(): Promise<void> {
    try {
      while (!this.closed && (await this.consumeBatch()) === BATCH);
    } catch (error) {
      this.logger.warn({ err: error, group: this.options.group, topic: this.topic }, 'consumer failed; will retry');
      this.retryLater();
    }
  }

  /**
   * Delivers one batch: keys concurrently, each key's messages in order. The position moves to
   * the end of the longest run of finished messages, so a retry redelivers only from the first
   * unfinished one (handlers are idempotent). Returns how many rows the batch had, or -1 on retry.
   */
  private async consumeBatch(): Promise<number> {
    return this.db.transaction(async (trx) => {
      const lock = await trx.raw('select pg_try_advisory_xact_lock(?::bigint) as ok', [this.lockKey]);
      if (!lock.rows[0].ok) return 0; // another process consumes this group now
      const offset = await trx.raw(
        `select position from runtime.consumer_offsets where group_name = ? and topic = ? for update`,
        [this.options.group, this.topic],
      );
      const { rows } = await trx.raw(
        `select log_seq, id, topic, source, created_at, data from runtime.outbox
         where topic = ? and log_seq > ? order by log_seq limit ?`,
        [this.topic, String(offset.rows[0]?.position ?? 0), BATCH],
      );
      if (rows.length === 0) return 0;
      const messages: Array<Envelope & { seq: string }> = rows.map((row: Record<string, unknown>) => ({
        seq: String(row.log_seq),
        id: String(row.id),
        topic: String(row.topic),
        source: String(row.source),
        time: (row.created_at as Date).toISOString(),
        data: row.data,
      }));
      const done = new Array<boolean>(messages.length).fill(false);
      const partitions = new Map<string, number[]>();
      messages.forEach((m, i) => {
        const key = this.options.partitionKey(m);
        partitions.set(key, [...(partitions.get(key) ?? []), i]);
      });
      await runBounded([...partitions.values()], this.options.concurrency, async (indexes) => {
        for (const i of indexes) {
          if (this.closed || (await this.deliver(messages[i], trx)) === 'retry') return;
          done[i] = true;
        }
      });
      const finished = done.indexOf(false) === -1 ? done.length : done.indexOf(false);
      if (finished > 0) {
        await trx.raw(
          `update runtime.consumer_offsets set position = ?, updated_at = now() where group_name = ? and topic = ?`,
          [messages[finished - 1].seq, this.options.group, this.topic],
        );
      }
      return finished === messages.length ? messages.length : -1;
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
      this.attempts.delete(message.id);
      return 'done';
    }
    const attempts = (this.attempts.get(message.id) ?? 0) + 1;
    if (status === 'retry' && attempts < this.options.maxAttempts) {
      this.attempts.set(message.id, attempts);
      this.logger.warn({ err: error, id: message.id, attempt: attempts, group: this.options.group }, 'delivery failed; retrying');
      this.retryLater(attempts);
      return 'retry';
    }
    this.attempts.delete(message.id);
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

  private retryLater(attempts = 1): void {
    if (this.closed || this.retryTimer) return;
    const delay = Math.min(100 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, delay);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.runner.idle();
  }
}
