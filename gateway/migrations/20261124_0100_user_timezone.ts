import type { Migration } from '@tasklane/platform';

/** A user's IANA timezone: when their daily digest is due (08:00 there). */
export const addUserTimezone: Migration = {
  async up(db) {
    await db.raw(`alter table gateway.users add column timezone text not null default 'UTC'`);
  },
};
