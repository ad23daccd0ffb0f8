import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from 'graphql';

interface SharedEvent {
  /** what the subscribers of this event (all one user's) share: fetches and whole executions */
  lookups: Map<string, Promise<unknown>>;
}

/**
 * graphql's `subscribe`, except that the subscribers of one event running the same operation
 * share one execution: an event goes to one user's subscribers only, so their results are the
 * same. Thirty tabs of a user cost one execution per change instead of thirty.
 */
export async function subscribeShared(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const events = source as AsyncIterableIterator<SharedEvent>;
  const key = `execution\n${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}\n${print(args.document)}`;
  // an iterator, not an async generator: return() must end a next() that is waiting for events
  const results: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const step = await events.next();
      if (step.done) return { value: undefined, done: true };
      let result = step.value.lookups.get(key) as Promise<ExecutionResult> | undefined;
      if (!result) {
        result = Promise.resolve(execute({ ...args, rootValue: step.value }));
        step.value.lookups.set(key, result);
      }
      return { value: await result, done: false };
    },
    async return() {
      await events.return?.();
      return { value: undefined, done: true };
    },
    async throw(error) {
      await events.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => results,
  };
  return results;
}
