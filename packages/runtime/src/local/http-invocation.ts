import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { ErrorCodes, HttpError, IDENTITY_HEADER, readJson, sendError, sendJson } from '@tasklane/platform';
import type { InvocationContext } from '../port';
import { InvocationError, transportError, type InProcessInvoker } from './invoker';

const ROUTE = /^\/invoke\/([\w-]+)\/([\w-]+)$/;

const STATUS: Record<string, number> = {
  [ErrorCodes.badUserInput]: 400,
  [ErrorCodes.unauthenticated]: 401,
  [ErrorCodes.notFound]: 404,
  [ErrorCodes.rateLimited]: 429,
};

/**
 * The app side of service invocation over HTTP (`POST /invoke/<app>/<method>`), for methods this
 * process hosts. Answers false for other paths. Every method verifies the signed identity itself.
 */
export function invocationRoute(invoker: InProcessInvoker) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const match = ROUTE.exec((req.url ?? '').split('?')[0]);
    if (!match || req.method !== 'POST') return false;
    const [, appId, method] = match;
    const identity = req.headers[IDENTITY_HEADER];
    void (async () => {
      try {
        const payload = await readJson(req);
        const result = await invoker.invokeLocal(appId, method, payload, { identity: typeof identity === 'string' ? identity : undefined });
        sendJson(res, 200, { result: result ?? null });
      } catch (error) {
        if (error instanceof HttpError) return sendError(res, error);
        const transported = transportError(error, `${appId}/${method}`);
        const code = transported instanceof GraphQLError ? String(transported.extensions.code) : ErrorCodes.internal;
        const status = transported instanceof InvocationError ? transported.status : (STATUS[code] ?? 500);
        sendJson(res, status, {
          errors: [{ message: code === ErrorCodes.internal ? 'Internal error' : transported.message, extensions: transported instanceof GraphQLError ? transported.extensions : { code } }],
        });
      }
    })();
    return true;
  };
}

/** The caller side: POST to a peer process, turning its error body back into the same error. */
export async function invokeOverHttp(baseUrl: string, appId: string, method: string, payload: unknown, context: InvocationContext): Promise<unknown> {
  const response = await fetch(`${baseUrl.replace(/\/$/, '')}/invoke/${appId}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(context.identity ? { [IDENTITY_HEADER]: context.identity } : {}) },
    body: JSON.stringify(payload ?? null),
  });
  const body = (await response.json().catch(() => ({}))) as { result?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  if (response.ok) return body.result;
  const error = body.errors?.[0];
  const code = String(error?.extensions?.code ?? '');
  if (code && code !== ErrorCodes.internal) throw new GraphQLError(error!.message, { extensions: error!.extensions });
  throw new InvocationError(response.status, `${appId}/${method} failed with ${response.status}`);
}
