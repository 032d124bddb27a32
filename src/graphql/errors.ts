import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError } from '../errors';

/**
 * Shapes errors for clients: AppError keeps its code and message; anything unexpected becomes
 * INTERNAL_SERVER_ERROR with no stack or Cypher unless debugging is on.
 */
export function formatError(debug: boolean, logUnexpected: (error: unknown) => void = () => undefined) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: original.code, ...(original.details ?? {}) },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: debug ? formatted.extensions : extensions };
    }
    logUnexpected(original);
    if (debug) return formatted;
    return {
      message: 'internal error: the request could not be completed',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
