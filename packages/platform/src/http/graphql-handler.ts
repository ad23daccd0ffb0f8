import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import { HttpError, readJson, sendError } from './body';

export function toHeaderMap(headers: IncomingMessage['headers']): HeaderMap {
  const map = new HeaderMap();
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) map.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

/**
 * Serves an Apollo Server over plain node:http: the one HTTP adapter for the gateway and for
 * every subgraph run standalone (Apollo Server 5 ships no framework integration).
 */
export async function handleGraphQLHttp<C extends BaseContext>(
  server: ApolloServer<C>,
  req: IncomingMessage,
  res: ServerResponse,
  context: () => Promise<C>,
  /** a body the caller has already read */
  preread?: { body: unknown },
): Promise<void> {
  let body: unknown = preread?.body;
  try {
    if (!preread) body = req.method === 'POST' ? await readJson(req) : undefined;
  } catch (error) {
    if (error instanceof HttpError) return sendError(res, error);
    throw error;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const request: HTTPGraphQLRequest = {
    method: req.method ?? 'GET',
    headers: toHeaderMap(req.headers),
    search: url.search,
    body,
  };
  const response = await server.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
