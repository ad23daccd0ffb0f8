import type { GraphQLFormattedError } from 'graphql';
import { ErrorCodes } from '../errors';

const PUBLIC_CODES = new Set<string>([
  ErrorCodes.badUserInput,
  ErrorCodes.notFound,
  ErrorCodes.unauthenticated,
  ErrorCodes.rateLimited,
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

// `Variable "$input" got invalid value "x" at "input.dueAt"; ...` → dueAt
const VARIABLE_PATH = /Variable "\$(\w+)" got invalid value .*? at "([\w.[\]]+)"/;
const VARIABLE_NAME = /Variable "\$(\w+)"/;
// `Field "title" of required type "String!" was not provided.` / `Field "x" is not defined by type`
const INPUT_FIELD = /Field "(\w+)" (?:of required type|is not defined by type)/;

/**
 * The one error formatter for every server: expected errors keep their code (and get the field
 * they name), anything else becomes a bare INTERNAL_SERVER_ERROR: no stack trace, no SQL.
 */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? ErrorCodes.internal);
  if (!PUBLIC_CODES.has(code)) {
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCodes.internal } };
  }
  const extensions: Record<string, unknown> = { code };
  if (formatted.extensions?.field) extensions.field = formatted.extensions.field;
  if (code === ErrorCodes.badUserInput && !extensions.field) {
    const field = fieldOfVariableError(formatted.message);
    if (field) extensions.field = field;
  }
  return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
}

function fieldOfVariableError(message: string): string | undefined {
  const inputField = INPUT_FIELD.exec(message);
  if (inputField) return inputField[1];
  const withPath = VARIABLE_PATH.exec(message);
  if (withPath) return withPath[2].split('.').filter((p) => !/^\[\d+\]$/.test(p)).pop()?.replace(/\[\d+\]$/, '');
  return VARIABLE_NAME.exec(message)?.[1];
}
