import type { Knex } from '@tasklane/platform';
import type { OutboxMessage, Publisher } from '../port';

export const LOG_CHANNEL = 'runtime_log';

/**
 * Local pub/sub: publishing appends the outbox rows to the log by giving them gap-free log
 * positions (the relay's advisory lock makes positions follow commit order).
 */
export class LogPublisher implements Publisher {
  async publish(batch: OutboxMessage[], trx: Knex.Transaction): Promise<void> {
    await trx.raw(
      `update runtime.outbox o set log_seq = base.top + n.ord
       from (select coalesce(max(log_seq), 0) as top from runtime.outbox) base,
            unnest(?::bigint[]) with ordinality as n(seq, ord)
       where o.seq = n.seq`,
      [batch.map((m) => m.seq)],
    );
    await trx.raw(`select pg_notify(?, '')`, [LOG_CHANNEL]);
  }
}
