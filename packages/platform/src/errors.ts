import { GraphQLError } from 'graphql';

/** The error codes of the public contract (extensions.code). */
export const ErrorCodes = {
  badUserInput: 'BAD_USER_INPUT',
  notFound: 'NOT_FOUND',
  unauthenticated: 'UNAUTHENTICATED',
  rateLimited: 'RATE_LIMITED',
  internal: 'INTERNAL_SERVER_ERROR',
} as const;

export function badUserInput(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCodes.badUserInput, field } });
}

export function notFound(what: string, id?: string): GraphQLError {
  return new GraphQLError(id ? `${what} ${id} not found` : `${what} not found`, {
    extensions: { code: ErrorCodes.notFound },
  });
}

export function unauthenticated(message = 'A valid bearer token is required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCodes.unauthenticated } });
}

export function rateLimited(message = 'Too many requests, slow down'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCodes.rateLimited } });
}
