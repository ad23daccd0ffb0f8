import type { Knex } from '@tasklane/platform';
import type { StateStore } from '../port';

/** Local state store: a key/value table. */
export class TableStateStore implements StateStore {
  constructor(private readonly db: Knex) {}

  async get<T>(key: string): Promise<T | undefined> {
    const row = await this.db.withSchema('runtime').table('state').where({ key }).first('value');
    return row?.value as T | undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.db.raw(
      `insert into runtime.state (key, value) values (?, ?)
       on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }

  async delete(key: string): Promise<void> {
    await this.db.withSchema('runtime').table('state').where({ key }).delete();
  }
}
