import DataLoader from 'dataloader';
import type { Identity, SubgraphContext } from '@tasklane/platform';
import type { TaskModel } from './models/task';
import type { TaskService } from './services/task-service';

export interface TasksContext extends SubgraphContext {
  tasks: TaskService;
  loaders: { task: DataLoader<string, TaskModel | null> };
}

/** Per-request context: entity references are batched into one query per request. */
export function createTasksContext(identity: Identity, tasks: TaskService): TasksContext {
  return {
    identity,
    tasks,
    loaders: {
      task: new DataLoader(async (ids) => {
        const found = await tasks.getMany(identity.userId, ids);
        return ids.map((id) => found.get(id) ?? null);
      }),
    },
  };
}
