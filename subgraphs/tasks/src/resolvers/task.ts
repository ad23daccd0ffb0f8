import type { TaskModel } from '../models/task';
import type { TasksContext } from '../context';

const DAY_MS = 24 * 60 * 60 * 1000;

export function isOverdue(task: TaskModel, now = Date.now()): boolean {
  return task.status === 'PENDING' && task.dueAt !== null && task.dueAt.getTime() < now;
}

export function isDueSoon(task: TaskModel, now = Date.now()): boolean {
  if (task.status !== 'PENDING' || task.dueAt === null) return false;
  const due = task.dueAt.getTime();
  return due >= now && due <= now + DAY_MS;
}

export const taskResolvers = {
  __resolveReference: (ref: { id: string }, ctx: TasksContext) => ctx.loaders.task.load(ref.id),
  isOverdue: (task: TaskModel) => isOverdue(task),
  isDueSoon: (task: TaskModel) => isDueSoon(task),
};
