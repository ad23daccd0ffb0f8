import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { ErrorCodes } from '../errors';
import { IDENTITY_HEADER, verifyIdentity, type Identity } from '../identity';
import { handleGraphQLHttp } from '../http/graphql-handler';
import { sendJson } from '../http/body';
import { formatError } from './format-error';
import type { Logger } from '../logger';

export interface SubgraphContext {
  identity: Identity;
}

export interface SubgraphDefinition<C extends SubgraphContext> {
  name: string;
  schema: GraphQLSchema;
  /** per-request context (loaders etc.) for a verified caller */
  createContext(identity: Identity): C;
  /** readiness of what the subgraph depends on (database, runtime) */
  ready(): Promise<boolean>;
}

/** A subgraph with what it runs besides GraphQL: consumers, invocation handlers, job callbacks. */
export interface SubgraphModule<C extends SubgraphContext = SubgraphContext> {
  definition: SubgraphDefinition<C>;
  /** registers consumers, invocation handlers and job callbacks on the runtime */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/**
 * One subgraph as an Apollo Server that only answers callers with the gateway's signature.
 * The gateway reaches it in process (`execute`) or over HTTP (`listen`): both paths share the
 * same request pipeline, signature check included.
 */
export class SubgraphServer<C extends SubgraphContext> {
  readonly apollo: ApolloServer<C>;
  private http?: Server;

  constructor(
    readonly definition: SubgraphDefinition<C>,
    private readonly signingKey: string,
    private readonly logger: Logger,
  ) {
    this.apollo = new ApolloServer<C>({
      schema: definition.schema,
      formatError: (formatted, error) => {
        if (formatError(formatted).extensions?.code === ErrorCodes.internal) {
          logger.error({ err: error }, 'resolver failed');
        }
        return formatError(formatted);
      },
      includeStacktraceInErrorResponses: false,
      introspection: false,
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
  }

  get name(): string {
    return this.definition.name;
  }

  async start(): Promise<void> {
    await this.apollo.start();
  }

  contextFor(headers: HeaderMap): C {
    const identity = verifyIdentity(headers.get(IDENTITY_HEADER), this.signingKey);
    if (!identity) {
      throw new GraphQLError(`${this.name} answers only signed requests from the gateway`, {
        extensions: { code: ErrorCodes.unauthenticated, http: { status: 401 } },
      });
    }
    return this.definition.createContext(identity);
  }

  /** In-process execution with the same checks as HTTP. */
  async execute(request: { headers: Record<string, string>; body: unknown }): Promise<unknown> {
    const headers = new HeaderMap(Object.entries(request.headers));
    headers.set('content-type', 'application/json');
    const httpRequest: HTTPGraphQLRequest = { method: 'POST', headers, search: '', body: request.body };
    const response = await this.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: httpRequest,
      context: async () => this.contextFor(headers),
    });
    let text = '';
    if (response.body.kind === 'complete') text = response.body.string;
    else for await (const chunk of response.body.asyncIterator) text += chunk;
    return JSON.parse(text);
  }

  /** Standalone HTTP: POST /graphql, /healthz, /readyz, and whatever `other` answers (invocation). */
  async listen(port: number, host = '127.0.0.1', other?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<number> {
    this.http = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (other?.(req, res)) return;
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (path === '/readyz') {
        void this.definition.ready().then((ok) => sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready' }));
        return;
      }
      if (path !== '/graphql' && path !== '/') return sendJson(res, 404, { error: 'not found' });
      handleGraphQLHttp(this.apollo, req, res, async () => {
        const headers = new HeaderMap();
        const value = req.headers[IDENTITY_HEADER];
        if (typeof value === 'string') headers.set(IDENTITY_HEADER, value);
        return this.contextFor(headers);
      }).catch((error: unknown) => {
        this.logger.error({ err: error }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: ErrorCodes.internal } }] });
        else res.end();
      });
    });
    await new Promise<void>((resolve) => this.http!.listen(port, host, resolve));
    return (this.http.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (this.http) {
      const http = this.http;
      this.http = undefined;
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
    await this.apollo.stop();
  }
}
