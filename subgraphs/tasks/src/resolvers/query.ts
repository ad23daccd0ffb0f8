import { notFound } from '@tasklane/platform';
import type { TasksContext } from '../context';
import type { ListTasksArgs } from '../services/task-service';

export const queryResolvers = {
  // Unknown ids and other users' tasks look the same: NOT_FOUND.
  task: async (_: unknown, args: { id: string }, ctx: TasksContext) => {
    const task = await ctx.tasks.get(ctx.identity, args.id);
    if (!task) throw notFound('Task', args.id);
    return task;
  },
  tasks: (_: unknown, args: ListTasksArgs, ctx: TasksContext) => ctx.tasks.list(ctx.identity, args),
};
