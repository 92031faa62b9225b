import { unwrapResolverError } from '@apollo/server/errors';
import { ResetlineError, type ErrorCode } from '@resetline/domain';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

/** Codes GraphQL itself raises for a malformed request: safe to show as they are. */
const requestErrorCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

const invalidVariable = /^(Variable "\$\w+") got invalid value /;
const expectedType = /; Expected type "?([\w[\]!]+)"?/;

/**
 * GraphQL's own coercion messages repeat the value that was sent, which may be a code or a
 * password in the wrong variable: keep the variable and the type, drop the value. A variable's
 * message keeps nothing after the variable's name but the expected type, so a value that itself
 * holds a `;` cannot leave part of itself behind.
 */
export const withoutValues = (message: string): string => {
  const variable = invalidVariable.exec(message);
  if (variable) {
    const type = expectedType.exec(message)?.[1];
    return `${variable[1]} got an invalid value${type ? `; expected type ${type}` : ''}.`;
  }
  return message.replace(/(cannot represent[^:]*): .*$/s, '$1').replace(/, found .*$/s, '.');
};

export type PublicErrorCode = ErrorCode | 'INTERNAL_SERVER_ERROR';

/**
 * Every error leaves with a stable code and a safe message. Domain errors keep theirs (they
 * never carry a secret); anything unexpected is logged and masked.
 */
export const createFormatError =
  (logger: Logger) =>
  (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ResetlineError) {
      return {
        message: original.message,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: original.code, reason: original.reason },
      };
    }
    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && requestErrorCodes.has(code)) {
      return { message: withoutValues(formatted.message), extensions: { code } };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error in a resolver');
    return {
      message: 'Something went wrong on our side. It has been logged.',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
