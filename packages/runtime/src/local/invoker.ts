import { GraphQLError } from 'graphql';
import { ErrorCodes } from '@tasklane/platform';
import type { InvocationContext, InvocationHandler, ServiceInvoker } from '../port';
import { invokeOverHttp } from './http-invocation';

const PUBLIC = new Set<string>([ErrorCodes.badUserInput, ErrorCodes.notFound, ErrorCodes.unauthenticated, ErrorCodes.rateLimited]);

/**
 * What crosses an invocation: expected errors keep their code and field (as they would in a
 * response body); anything else becomes an opaque failure of the call.
 */
export function transportError(error: unknown, target: string): Error {
  const code = error instanceof GraphQLError ? String(error.extensions.code ?? '') : '';
  if (PUBLIC.has(code)) {
    const field = (error as GraphQLError).extensions.field;
    return new GraphQLError((error as GraphQLError).message, { extensions: { code, ...(field ? { field } : {}) } });
  }
  return new InvocationError(500, `${target} failed: ${error instanceof Error ? error.message : String(error)}`);
}

export class InvocationError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Local service invocation: an in-process call of the handler the target app registered, or,
 * for an app another process hosts (`peers`), a POST to that process's invocation route.
 */
export class InProcessInvoker implements ServiceInvoker {
  private readonly handlers = new Map<string, InvocationHandler>();

  /** `peers`: base URL per app hosted elsewhere, or a function giving it (the Dapr sidecar's invoke URL) */
  constructor(private readonly peers: Record<string, string> | ((appId: string) => string | undefined) = {}) {}

  handle(appId: string, method: string, handler: InvocationHandler): void {
    this.handlers.set(`${appId}/${method}`, handler);
  }

  async invoke<T>(appId: string, method: string, payload: unknown, context: InvocationContext = {}): Promise<T> {
    const peer = typeof this.peers === 'function' ? this.peers(appId) : this.peers[appId];
    if (!this.handlers.has(`${appId}/${method}`) && peer) {
      return (await invokeOverHttp(peer, appId, method, payload, context)) as T;
    }
    return this.invokeLocal<T>(appId, method, payload, context);
  }

  /** Only methods registered in this process. */
  async invokeLocal<T>(appId: string, method: string, payload: unknown, context: InvocationContext = {}): Promise<T> {
    const handler = this.handlers.get(`${appId}/${method}`);
    if (!handler) throw new InvocationError(503, `app ${appId} has no method ${method} in this process`);
    // Serialize like a network hop would, so callers never share mutable objects with callees.
    let result: unknown;
    try {
      result = await handler(JSON.parse(JSON.stringify(payload ?? null)), context);
    } catch (error) {
      throw transportError(error, `${appId}/${method}`);
    }
    return (result === undefined ? undefined : JSON.parse(JSON.stringify(result))) as T;
  }
}
