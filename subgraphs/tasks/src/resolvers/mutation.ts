import type { TasksContext } from '../context';
import type { CreateTaskInput, DeleteScope, UpdateTaskInput } from '../services/task-service';

type IdArgs = { id: string };

export const mutationResolvers = {
  createTask: (_: unknown, { input }: { input: CreateTaskInput }, ctx: TasksContext) => ctx.tasks.create(ctx.identity, input),
  updateTask: (_: unknown, { id, input }: IdArgs & { input: UpdateTaskInput }, ctx: TasksContext) =>
    ctx.tasks.update(ctx.identity, id, input),
  completeTask: (_: unknown, { id }: IdArgs, ctx: TasksContext) => ctx.tasks.complete(ctx.identity, id),
  reopenTask: (_: unknown, { id }: IdArgs, ctx: TasksContext) => ctx.tasks.reopen(ctx.identity, id),
  deleteTask: (_: unknown, { id, scope }: IdArgs & { scope?: DeleteScope }, ctx: TasksContext) =>
    ctx.tasks.delete(ctx.identity, id, scope ?? 'THIS'),
};
