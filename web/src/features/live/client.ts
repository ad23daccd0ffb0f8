import { cacheExchange, type Cache } from '@urql/exchange-graphcache';
import { createClient as createWsClient } from 'graphql-ws';
import { Client, fetchExchange, makeOperation, mapExchange, subscriptionExchange, type Operation } from 'urql';

export type LinkState = 'connecting' | 'live' | 'offline';

/** Every list query refetches: a change can move a task into or out of any filtered view. */
function invalidateLists(cache: Cache): void {
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName === 'tasks' || field.fieldName === 'tags') cache.invalidate('Query', field.fieldKey);
  }
}

/** A task changed somewhere: lists refetch, and so does an open editor (reminders, history, preview). */
function invalidateTask(cache: Cache, taskId: string): void {
  invalidateLists(cache);
  cache.invalidate({ __typename: 'Task', id: taskId });
}

/** For a mutation whose arguments name the task (`taskId`, or `id` for the task mutations). */
const invalidateTaskOfArgs = (_result: unknown, args: Record<string, unknown>, cache: Cache) => invalidateTask(cache, String(args.taskId ?? args.id));

/**
 * urql with a normalized cache (a task changed anywhere updates every view showing it) and
 * subscriptions over graphql-ws. After a reconnect every query on screen (lists, an open editor)
 * is fetched again, since events missed while offline are not replayed.
 */
export function createApiClient(token: string, onLink: (state: LinkState) => void): { client: Client; dispose(): void } {
  let connectedBefore = false;
  const onScreen = new Map<number, Operation>();
  const catchUp = () => {
    for (const operation of onScreen.values()) client.reexecuteOperation(makeOperation('query', operation, { ...operation.context, requestPolicy: 'network-only' }));
  };
  const ws = createWsClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: Infinity,
    shouldRetry: () => true,
    lazy: false,
    on: {
      connecting: () => onLink('connecting'),
      connected: () => {
        onLink('live');
        if (connectedBefore) catchUp();
        connectedBefore = true;
      },
      closed: () => onLink('offline'),
    },
  });
  const client = new Client({
    url: '/graphql',
    // POST only: the gateway takes queries as JSON bodies (no GET, so no CSRF-able queries)
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    requestPolicy: 'cache-and-network',
    exchanges: [
      // remembers the queries views hold open, for catchUp
      mapExchange({
        onOperation(operation) {
          if (operation.kind === 'query') onScreen.set(operation.key, operation);
          else if (operation.kind === 'teardown') onScreen.delete(operation.key);
        },
      }),
      cacheExchange({
        keys: {
          TaskConnection: () => null,
          TaskEdge: () => null,
          PageInfo: () => null,
          TaskChange: () => null,
          ReminderNotification: () => null,
          ReminderDelivery: () => null,
        },
        updates: {
          Subscription: {
            taskChanged: (result, _args, cache) => invalidateTask(cache, (result.taskChanged as { taskId: string }).taskId),
          },
          Mutation: {
            createTask: (_result, _args, cache) => invalidateLists(cache),
            deleteTask: invalidateTaskOfArgs,
            completeTask: invalidateTaskOfArgs,
            reopenTask: invalidateTaskOfArgs,
            updateTask: invalidateTaskOfArgs,
            setTags: invalidateTaskOfArgs,
            setRecurrence: invalidateTaskOfArgs,
            clearRecurrence: invalidateTaskOfArgs,
            addReminder: invalidateTaskOfArgs,
            removeReminder: (_result, args, cache) => {
              invalidateLists(cache);
              cache.invalidate({ __typename: 'Reminder', id: String(args.id) });
            },
            snoozeReminder: (result, _args, cache) => invalidateTask(cache, (result.snoozeReminder as { taskId: string }).taskId),
          },
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
