import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Session } from './client';

export interface Received<T> {
  data: T;
  at: number;
}

export interface Subscriber<T = any> {
  received: Array<Received<T>>;
  errors: unknown[];
  /** the close code, once the server closed the socket */
  closedWith?: number;
  /** resolves once `count` events have arrived */
  waitFor(count: number, timeoutMs?: number): Promise<Array<Received<T>>>;
  close(): Promise<void>;
  client: Client;
}

/** A graphql-ws client subscribed as `session` (or with the given raw token). */
export async function subscribe<T = any>(baseUrl: string, session: Session | string, query: string, variables?: Record<string, unknown>): Promise<Subscriber<T>> {
  const token = typeof session === 'string' ? session : session.token;
  const sub: Subscriber<T> = {
    received: [],
    errors: [],
    waitFor: async (count, timeoutMs = 3_000) => {
      const deadline = Date.now() + timeoutMs;
      while (sub.received.length < count) {
        if (Date.now() > deadline) throw new Error(`got ${sub.received.length} of ${count} events: ${JSON.stringify(sub.errors)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return sub.received.slice(0, count);
    },
    close: async () => {
      await sub.client.dispose();
    },
    client: undefined as never,
  };
  let acknowledged!: () => void;
  let refused!: (error: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => ((acknowledged = resolve), (refused = reject)));
  sub.client = createClient({
    url: baseUrl.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    // refusals are recorded in closedWith; no console noise
    onNonLazyError: () => undefined,
    on: {
      connected: () => acknowledged(),
      closed: (event) => {
        sub.closedWith = (event as { code?: number }).code;
        refused(new Error(`closed with ${sub.closedWith}`));
      },
    },
  });
  sub.client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) sub.errors.push(value.errors);
        if (value.data) sub.received.push({ data: value.data as T, at: Date.now() });
      },
      error: (error) => sub.errors.push(error),
      complete: () => undefined,
    },
  );
  await ready;
  // the subscription itself is registered just after the ack; give it a moment
  await new Promise((r) => setTimeout(r, 50));
  return sub;
}
