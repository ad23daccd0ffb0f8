import type { Knex } from '@tasklane/platform';
import { hashPassword, verifyPassword } from './passwords';

export interface User {
  id: string;
  email: string;
  name: string | null;
  /** IANA name; the daily overdue digest goes out at 08:00 there */
  timezone: string;
}

function isTimezone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export class AccountError extends Error {
  constructor(
    readonly status: 400 | 401 | 409,
    readonly field: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NAME_MAX = 200;
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 1_000;

/** Accounts owned by the gateway: sign-up, login, lookup. */
export class AccountService {
  constructor(private readonly db: Knex) {}

  async signup(input: { email?: unknown; password?: unknown; name?: unknown; timezone?: unknown }): Promise<User> {
    const email = typeof input.email === 'string' ? input.email.trim() : '';
    if (!EMAIL.test(email) || email.length > 320) throw new AccountError(400, 'email', 'A valid email address is required');
    if (typeof input.password !== 'string' || input.password.length < PASSWORD_MIN) {
      throw new AccountError(400, 'password', `Password must be at least ${PASSWORD_MIN} characters`);
    }
    if (input.password.length > PASSWORD_MAX) throw new AccountError(400, 'password', `Password must be at most ${PASSWORD_MAX} characters`);
    if (input.name != null && (typeof input.name !== 'string' || input.name.length > NAME_MAX)) {
      throw new AccountError(400, 'name', `Name must be text of at most ${NAME_MAX} characters`);
    }
    if (input.timezone != null && (typeof input.timezone !== 'string' || input.timezone.length > 100 || !isTimezone(input.timezone))) {
      throw new AccountError(400, 'timezone', 'Timezone must be an IANA name such as "Europe/Berlin"');
    }
    const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim() : null;
    const timezone = typeof input.timezone === 'string' ? input.timezone : 'UTC';
    const passwordHash = await hashPassword(input.password);
    const { rows } = await this.db.raw(
      `insert into gateway.users (email, name, password_hash, timezone) values (?, ?, ?, ?)
       on conflict ((lower(email))) do nothing returning id, email, name, timezone`,
      [email, name, passwordHash, timezone],
    );
    if (rows.length === 0) throw new AccountError(409, 'email', 'That email is already registered');
    return rows[0];
  }

  async login(input: { email?: unknown; password?: unknown }): Promise<User> {
    const wrong = new AccountError(401, undefined, 'Wrong email or password');
    if (typeof input.email !== 'string' || typeof input.password !== 'string') throw wrong;
    const row = await this.db('gateway.users').whereRaw('lower(email) = lower(?)', [input.email.trim()]).first();
    if (!row || !(await verifyPassword(input.password, row.password_hash))) throw wrong;
    return { id: row.id, email: row.email, name: row.name, timezone: row.timezone };
  }

  async byIds(ids: readonly string[]): Promise<Map<string, User>> {
    const rows: User[] = await this.db('gateway.users').whereIn('id', ids as string[]).select('id', 'email', 'name', 'timezone');
    return new Map(rows.map((u) => [u.id, u]));
  }
}
