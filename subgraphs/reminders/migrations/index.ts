import type { MigrationSet } from '@tasklane/platform';
import { createReminders } from './20261123_0500_create_reminders';
import { createDigests } from './20261124_0100_create_digests';

export const REMINDERS_SCHEMA = 'reminders';

export const migrations: MigrationSet = {
  '20261123_0500_create_reminders': createReminders,
  '20261124_0100_create_digests': createDigests,
};
