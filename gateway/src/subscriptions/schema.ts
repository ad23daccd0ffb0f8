import type { ApolloServer } from '@apollo/server';
import {
  defaultFieldResolver,
  GraphQLError,
  print,
  visit,
  type FieldNode,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { Identity, Logger } from '@tasklane/platform';
import { buildApiSchema } from '@tasklane/schema';
import type { GatewayContext } from '../federation/context';
import type { ReminderDueEvent, SubscriptionHub, TaskChangeEvent } from './hub';

export interface SubscriptionContext {
  identity: Identity;
  /** closes this connection (a client too slow to keep up) */
  drop(): void;
}

const FETCHED = Symbol('fetched from the graph');

interface Graph {
  server: ApolloServer<GatewayContext>;
  logger: Logger;
}

/**
 * Fields under a `task` or `reminder` of a subscription payload hold what the graph returned for
 * the subscriber's own selection, keyed by response name (aliases included).
 */
export const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) =>
  source && typeof source === 'object' && (source as { [FETCHED]?: true })[FETCHED]
    ? (source as Record<string, unknown>)[String(info.path.key)]
    : defaultFieldResolver(source, args, context, info);

function markFetched<T>(value: T): T {
  if (Array.isArray(value)) value.forEach(markFetched);
  else if (value && typeof value === 'object') {
    Object.defineProperty(value, FETCHED, { value: true });
    Object.values(value).forEach(markFetched);
  }
  return value;
}

/**
 * Runs the subscriber's selection under `task(id)` through the supergraph, as the subscriber, so
 * a subscription returns the same federated fields a query would. Subscribers of one user with the
 * same selection share one fetch per event.
 */
async function fetchTask(
  graph: Graph,
  info: GraphQLResolveInfo,
  ctx: SubscriptionContext,
  taskId: string,
  lookups: Map<string, Promise<unknown>>,
  wrap: (selection: string) => string = (selection) => selection,
): Promise<Record<string, unknown> | null> {
  const field = info.fieldNodes[0] as FieldNode;
  const selection = wrap(field.selectionSet!.selections.map(print).join(' '));
  const used = new Set<string>();
  const fragments = new Set<string>();
  const collect = (node: unknown) =>
    visit(node as FieldNode, {
      Variable: (v) => void used.add(v.name.value),
      FragmentSpread: (f) => {
        if (fragments.has(f.name.value)) return;
        fragments.add(f.name.value);
        collect(info.fragments[f.name.value]);
      },
    });
  collect(field.selectionSet);
  const definitions = info.operation.variableDefinitions?.filter((d) => used.has(d.variable.name.value)).map(print) ?? [];
  const query = `query SubscriptionPayload($__taskId: ID!${definitions.length ? `, ${definitions.join(', ')}` : ''}) {
    task(id: $__taskId) { ${selection} }
  }\n${[...fragments].map((name) => print(info.fragments[name])).join('\n')}`;
  const variables = { ...Object.fromEntries([...used].map((name) => [name, info.variableValues[name]])), __taskId: taskId };
  const key = `${ctx.identity.userId}\n${query}\n${JSON.stringify(variables)}`;
  let lookup = lookups.get(key);
  if (!lookup) {
    lookup = graph
      .server.executeOperation({ query, variables }, { contextValue: { identity: ctx.identity, logger: graph.logger } })
      .then((response) => {
        if (response.body.kind !== 'single') return null;
        const data = response.body.singleResult.data as { task?: Record<string, unknown> | null } | undefined;
        return markFetched(data?.task ?? null);
      });
    lookups.set(key, lookup);
  }
  return (await lookup) as Record<string, unknown> | null;
}

/** The API schema of the supergraph plus the Subscription type, with its resolvers. */
export function buildSubscriptionSchema(server: ApolloServer<GatewayContext>, hub: SubscriptionHub, logger: Logger): GraphQLSchema {
  const graph: Graph = { server, logger };
  const schema = buildApiSchema();

  const subscription = schema.getSubscriptionType()!.getFields();
  subscription.taskChanged.subscribe = (_: unknown, __: unknown, ctx: SubscriptionContext) => hub.subscribe(ctx.identity.userId, 'taskChanged', ctx.drop);
  subscription.taskChanged.resolve = (event: TaskChangeEvent) => event;
  subscription.reminderDue.subscribe = (_: unknown, __: unknown, ctx: SubscriptionContext) => hub.subscribe(ctx.identity.userId, 'reminderDue', ctx.drop);
  subscription.reminderDue.resolve = (event: ReminderDueEvent) => event;

  const taskChange = (schema.getType('TaskChange') as GraphQLObjectType).getFields();
  taskChange.task.resolve = (event: TaskChangeEvent, _: unknown, ctx: SubscriptionContext, info: GraphQLResolveInfo) =>
    event.type === 'DELETED' ? null : fetchTask(graph, info, ctx, event.taskId, event.lookups);

  const notification = (schema.getType('ReminderNotification') as GraphQLObjectType).getFields();
  notification.task.resolve = (event: ReminderDueEvent, _: unknown, ctx: SubscriptionContext, info: GraphQLResolveInfo) =>
    fetchTask(graph, info, ctx, event.taskId, event.lookups);
  notification.reminder.resolve = async (event: ReminderDueEvent, _: unknown, ctx: SubscriptionContext, info: GraphQLResolveInfo) => {
    // there is no reminder(id) query: fetch the task's reminders with this selection, pick ours
    const task = await fetchTask(graph, info, ctx, event.taskId, event.lookups, (selection) => `reminders { ${selection} } __ids: reminders { id }`);
    const ids = (task?.__ids as Array<{ id: string }> | undefined) ?? [];
    const index = ids.findIndex((r) => r.id === event.reminderId);
    if (index < 0) throw new GraphQLError('The reminder is gone', { extensions: { code: 'NOT_FOUND' } });
    return (task!.reminders as unknown[])[index];
  };
  return schema;
}
