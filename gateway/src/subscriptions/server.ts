import type { Server } from 'node:http';
import { execute, getOperationAST, GraphQLError, parse, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '@tasklane/platform';
import type { TokenService } from '../auth/tokens';
import { fieldResolver, type SubscriptionContext } from './schema';
import { subscribeShared } from './shared-execution';

export const CLOSE_CODES = {
  /** the token expired while connected */
  tokenExpired: 4401,
  /** graphql-ws's own code when onConnect refuses (missing, forged or expired token) */
  forbidden: 4403,
  /** the client did not read fast enough and its queue overflowed */
  tooSlow: 4429,
} as const;

export interface SubscriptionServerOptions {
  http: Server;
  schema: GraphQLSchema;
  tokens: TokenService;
  logger: Logger;
  /** ping interval; a client that misses a pong is terminated */
  keepAliveMs?: number;
}

export interface SubscriptionServer {
  clients(): number;
  close(): Promise<void>;
}

/** graphql-transport-ws on `/graphql` of the gateway's own HTTP server. */
export function startSubscriptionServer({ http, schema, tokens, logger, keepAliveMs = 12_000 }: SubscriptionServerOptions): SubscriptionServer {
  const wss = new WebSocketServer({ server: http, path: '/graphql' });
  const identities = new WeakMap<WebSocket, { userId: string; expiry: NodeJS.Timeout }>();

  const disposable = useServer<Record<string, unknown>, { socket: WebSocket }>(
    {
      schema,
      execute: (args) => execute({ ...args, fieldResolver }),
      subscribe: (args) => subscribeShared({ ...args, fieldResolver }),
      onConnect: (ctx) => {
        const claims = tokens.fromAuthorization(String(ctx.connectionParams?.authorization ?? ''));
        if (!claims) return false;
        const socket = ctx.extra.socket;
        // the subscription ends with the token
        const expiry = setTimeout(() => socket.close(CLOSE_CODES.tokenExpired, 'Token expired'), Math.min(claims.expiresAt - Date.now(), 2_147_000_000));
        expiry.unref();
        identities.set(socket, { userId: claims.userId, expiry });
        socket.once('close', () => clearTimeout(expiry));
        return true;
      },
      onSubscribe: (_ctx, _id, payload) => {
        try {
          const operation = getOperationAST(parse(payload.query), payload.operationName);
          if (operation?.operation !== 'subscription') {
            return [new GraphQLError('Send queries and mutations with POST /graphql; this socket serves subscriptions')];
          }
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('Cannot parse the operation')];
        }
        return undefined;
      },
      context: (ctx): SubscriptionContext & Record<string, unknown> => {
        const socket = ctx.extra.socket;
        const who = identities.get(socket)!;
        return {
          identity: { userId: who.userId, actor: who.userId },
          drop: () => {
            logger.warn({ userId: who.userId }, 'subscriber too slow; dropped');
            socket.close(CLOSE_CODES.tooSlow, 'Too slow: events were not read');
            socket.terminate();
          },
        };
      },
    },
    wss,
    keepAliveMs,
  );

  return {
    clients: () => wss.clients.size,
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
