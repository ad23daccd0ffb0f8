import type { Knex } from '@tasklane/platform';

/**
 * Runs `work` once per (consumer, event id): the inbox row and the work commit together, and a
 * duplicate delivery finds the row and does nothing. Returns false for a duplicate.
 */
export async function processOnce(
  db: Knex,
  consumer: string,
  eventId: string,
  work: (trx: Knex.Transaction) => Promise<void>,
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const inserted = await trx.raw(
      `insert into runtime.inbox (consumer, event_id) values (?, ?) on conflict do nothing returning 1`,
      [consumer, eventId],
    );
    if (inserted.rows.length === 0) return false;
    await work(trx);
    return true;
  });
}
