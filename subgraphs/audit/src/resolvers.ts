import DataLoader from 'dataloader';
import type { Identity, SubgraphContext } from '@tasklane/platform';
import type { AuditEntry, AuditLog } from './services/audit-log';

export interface AuditContext extends SubgraphContext {
  log: AuditLog;
  /** per (first) value: task id → history, batched across the entities of one request */
  histories: Map<number, DataLoader<string, AuditEntry[]>>;
}

export function createAuditContext(identity: Identity, log: AuditLog): AuditContext {
  return { identity, log, histories: new Map() };
}

function historyLoader(ctx: AuditContext, first: number): DataLoader<string, AuditEntry[]> {
  let loader = ctx.histories.get(first);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const found = await ctx.log.histories(ctx.identity.userId, ids, first);
      return ids.map((id) => found.get(id) ?? []);
    });
    ctx.histories.set(first, loader);
  }
  return loader;
}

export const resolvers = {
  Query: {
    activity: (_: unknown, args: { taskId?: string; first?: number; after?: string }, ctx: AuditContext) =>
      ctx.log.page(ctx.identity.userId, args),
  },
  Task: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    history: (task: { id: string }, args: { first?: number }, ctx: AuditContext) =>
      historyLoader(ctx, Math.min(Math.max(args.first ?? 50, 0), 200)).load(task.id),
  },
};
