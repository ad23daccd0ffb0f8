import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { ErrorCodes, handleGraphQLHttp, sendJson, type Logger } from '@tasklane/platform';
import type { Runtime } from '@tasklane/runtime';
import type { AuthRoutes } from '../auth/routes';
import type { TokenService } from '../auth/tokens';
import { EXPLORER_HTML, serveExplorerAsset } from '../explorer/explorer';
import type { GatewayContext } from '../federation/context';
import type { GatewayMetrics } from './metrics';
import { routeSpecialOperations } from './introspection';
import type { GraphQLSchema } from 'graphql';

export interface AppOptions {
  graph: ApolloServer<GatewayContext>;
  auth: AuthRoutes;
  tokens: TokenService;
  metrics: GatewayMetrics;
  logger: Logger;
  /** database and event runtime both ready */
  ready: () => Promise<boolean>;
  /** the full schema (supergraph API + Subscription), for introspection over HTTP */
  schema?: GraphQLSchema;
  /** the runtime: its own routes (invocations, Dapr's callbacks) and whether it can serve now */
  runtime?: Pick<Runtime, 'appRoutes' | 'unavailable'>;
  /** serves the web client; answers false when it has nothing for the path */
  web?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

const KNOWN_ROUTES = new Set(['/graphql', '/healthz', '/readyz', '/metrics', '/auth/signup', '/auth/login']);

/** The gateway's HTTP surface (CONTRACT.md routes) on plain node:http. */
export function createApp(options: AppOptions): Server {
  const { graph, auth, tokens, metrics, logger } = options;
  const special = options.schema ? routeSpecialOperations(options.schema) : undefined;

  async function route(req: IncomingMessage, res: ServerResponse, path: string, log: Logger): Promise<void> {
    // requests that need the runtime (the Dapr sidecar) answer 503 while it is gone
    const unavailable = path === '/graphql' || path.startsWith('/auth/') ? options.runtime?.unavailable() : undefined;
    if (unavailable && !(req.method === 'GET' && path === '/graphql')) {
      return sendJson(res, 503, { errors: [{ message: unavailable, extensions: { code: 'SERVICE_UNAVAILABLE' } }] }, { 'retry-after': '1' });
    }
    switch (path) {
      case '/healthz':
        return sendJson(res, 200, { status: 'ok' });
      case '/readyz': {
        const ok = await options.ready();
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready' });
      }
      case '/metrics':
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
        return;
      case '/auth/signup':
        return auth.handle(req, res, 'signup');
      case '/auth/login':
        return auth.handle(req, res, 'login');
      case '/graphql':
        if (req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(EXPLORER_HTML);
          return;
        }
        {
          const routed = req.method === 'POST' && special ? await special(req, res) : undefined;
          if (routed?.handled) return;
          return handleGraphQLHttp(
            graph,
            req,
            res,
            async () => {
              const claims = tokens.fromAuthorization(req.headers.authorization);
              return { identity: claims ? { userId: claims.userId, actor: claims.userId } : null, logger: log };
            },
            routed ? { body: routed.body } : undefined,
          );
        }
    }
    if (path.startsWith('/explorer/') && serveExplorerAsset(path.slice('/explorer/'.length), res)) return;
    if (options.runtime?.appRoutes(req, res)) return;
    if (options.web?.(req, res)) return;
    sendJson(res, 404, { errors: [{ message: `No route ${path}`, extensions: { code: 'NOT_FOUND' } }] });
  }

  return createServer((req, res) => {
    const started = process.hrtime.bigint();
    const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 100)) || randomUUID();
    res.setHeader('x-request-id', requestId);
    const path = (req.url ?? '/').split('?')[0];
    const routeLabel = KNOWN_ROUTES.has(path) ? path : path.startsWith('/explorer/') ? '/explorer' : path.startsWith('/invoke/') ? '/invoke' : 'other';
    const log = logger.child({ reqId: requestId });
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequests.inc({ route: routeLabel, method: req.method ?? 'GET', status: String(res.statusCode) });
      metrics.httpDuration.observe({ route: routeLabel }, seconds);
      if (routeLabel !== '/healthz' && routeLabel !== '/metrics') {
        log.info({ method: req.method, path, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
      }
    });
    route(req, res, path, log).catch((error: unknown) => {
      log.error({ err: error }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: ErrorCodes.internal } }] });
      else res.end();
    });
  });
}
