export * from './port';
export * from './events';
export { Topics, AppIds, type Topic } from './topics';
export { enqueue, OutboxRelay, type OutgoingEvent } from './outbox';
export { processOnce } from './inbox';
export { migrateRuntime, RUNTIME_SCHEMA } from './schema';
export { LocalRuntime, type LocalRuntimeOptions } from './local/local-runtime';
export { InvocationError } from './local/invoker';
export { runStandalone, type StandaloneSubgraph } from './standalone';
