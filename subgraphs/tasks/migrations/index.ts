import type { MigrationSet } from '@tasklane/platform';
import { createTasks } from './20261123_0100_create_tasks';

export const TASKS_SCHEMA = 'tasks';

export const migrations: MigrationSet = {
  '20261123_0100_create_tasks': createTasks,
};
