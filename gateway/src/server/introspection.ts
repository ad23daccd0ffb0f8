import type { IncomingMessage, ServerResponse } from 'node:http';
import { execute, getOperationAST, Kind, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { HttpError, readJson, sendError, sendJson } from '@tasklane/platform';

interface Body {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

const isIntrospection = (operation: OperationDefinitionNode) =>
  operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'));

/**
 * POST /graphql bodies the federated graph cannot answer itself: introspection is answered from
 * the full schema (so explorers see Subscription), and a subscription gets a clear 400 pointing at
 * the WebSocket. Everything else goes on to the gateway, with the body already read.
 */
export function routeSpecialOperations(schema: GraphQLSchema) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<{ handled: true } | { handled: false; body: unknown }> => {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (error) {
      if (error instanceof HttpError) {
        sendError(res, error);
        return { handled: true };
      }
      throw error;
    }
    const { query, operationName, variables } = (body ?? {}) as Body;
    if (typeof query !== 'string') return { handled: false, body };
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch {
      return { handled: false, body }; // the gateway reports parse errors in its usual shape
    }
    const operation = getOperationAST(document, typeof operationName === 'string' ? operationName : undefined);
    if (operation?.operation === 'subscription') {
      sendJson(res, 400, {
        errors: [{ message: 'Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql', extensions: { code: 'BAD_REQUEST' } }],
      });
      return { handled: true };
    }
    if (operation && isIntrospection(operation) && validate(schema, document).length === 0) {
      const result = await execute({ schema, document, operationName: typeof operationName === 'string' ? operationName : undefined, variableValues: variables as Record<string, unknown> });
      sendJson(res, 200, result);
      return { handled: true };
    }
    return { handled: false, body };
  };
}
