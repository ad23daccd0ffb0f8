import type { MigrationSet } from '@tasklane/platform';
import { createTasks } from './20261123_0100_create_tasks';
import { addProjections } from './20261123_0300_add_tag_and_recurrence_projections';

export const TASKS_SCHEMA = 'tasks';

export const migrations: MigrationSet = {
  '20261123_0100_create_tasks': createTasks,
  '20261123_0300_add_tag_and_recurrence_projections': addProjections,
};
