import type { MigrationSet } from '@tasklane/platform';
import { createEntries } from './20261123_0200_create_entries';

export const AUDIT_SCHEMA = 'audit';

export const migrations: MigrationSet = {
  '20261123_0200_create_entries': createEntries,
};
