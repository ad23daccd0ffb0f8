import type { MigrationSet } from '@tasklane/platform';
import { createUsers } from './20261123_0100_create_users';
import { addUserTimezone } from './20261124_0100_user_timezone';

export const GATEWAY_SCHEMA = 'gateway';

export const migrations: MigrationSet = {
  '20261123_0100_create_users': createUsers,
  '20261124_0100_user_timezone': addUserTimezone,
};
