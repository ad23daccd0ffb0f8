import type { MigrationSet } from '@tasklane/platform';
import { createUsers } from './20261123_0100_create_users';

export const GATEWAY_SCHEMA = 'gateway';

export const migrations: MigrationSet = {
  '20261123_0100_create_users': createUsers,
};
