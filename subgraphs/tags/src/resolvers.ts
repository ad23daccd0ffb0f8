import DataLoader from 'dataloader';
import type { Identity, SubgraphContext } from '@tasklane/platform';
import type { Tag, TagService } from './services/tag-service';

export interface TagsContext extends SubgraphContext {
  service: TagService;
  tagsOfTask: DataLoader<string, Tag[]>;
  tag: DataLoader<string, Tag | null>;
  taskCount: DataLoader<string, number>;
}

export function createTagsContext(identity: Identity, service: TagService): TagsContext {
  const { userId } = identity;
  return {
    identity,
    service,
    tagsOfTask: new DataLoader(async (ids) => {
      const found = await service.tagsOfTasks(userId, ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    tag: new DataLoader(async (ids) => {
      const found = await service.byIds(userId, ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    taskCount: new DataLoader(async (ids) => {
      const found = await service.taskCounts(ids);
      return ids.map((id) => found.get(id) ?? 0);
    }),
  };
}

type Ctx = TagsContext;

export const resolvers = {
  Query: {
    tags: (_: unknown, __: unknown, ctx: Ctx) => ctx.service.list(ctx.identity.userId),
  },
  Mutation: {
    setTags: (_: unknown, a: { taskId: string; names: string[] }, ctx: Ctx) => ctx.service.setTags(ctx.identity, a.taskId, a.names),
    tagTask: (_: unknown, a: { taskId: string; name: string }, ctx: Ctx) => ctx.service.tagTask(ctx.identity, a.taskId, a.name),
    untagTask: (_: unknown, a: { taskId: string; name: string }, ctx: Ctx) => ctx.service.untagTask(ctx.identity, a.taskId, a.name),
    renameTag: (_: unknown, a: { id: string; name: string }, ctx: Ctx) => ctx.service.rename(ctx.identity, a.id, a.name),
    deleteTag: (_: unknown, a: { id: string }, ctx: Ctx) => ctx.service.delete(ctx.identity, a.id),
  },
  Task: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    tags: (task: { id: string }, _: unknown, ctx: Ctx) => ctx.tagsOfTask.load(task.id),
  },
  Tag: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.tag.load(ref.id),
    taskCount: (tag: Tag, _: unknown, ctx: Ctx) => ctx.taskCount.load(tag.id),
  },
};
