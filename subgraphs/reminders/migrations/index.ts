import type { MigrationSet } from '@tasklane/platform';
import { createReminders } from './20261123_0500_create_reminders';

export const REMINDERS_SCHEMA = 'reminders';

export const migrations: MigrationSet = {
  '20261123_0500_create_reminders': createReminders,
};
