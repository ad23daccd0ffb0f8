import type { MigrationSet } from '@tasklane/platform';
import { createSeries } from './20261123_0600_create_series';

export const RECURRENCE_SCHEMA = 'recurrence';

export const migrations: MigrationSet = {
  '20261123_0600_create_series': createSeries,
};
