import {
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  UnwillingToPerformError,
} from 'ldapts';
import { describe, expect, it } from 'vitest';
import { WritebackError } from './errors.js';
import { translateDirectoryError } from './translateError.js';

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 10.0.0.1:636`), { code });
}

describe('translateDirectoryError', () => {
  it.each([
    [new InvalidCredentialsError(), 'bind', 'DirectoryBindFailed', 'FORBIDDEN'],
    [
      new ConstraintViolationError('Password fails quality'),
      'setPassword',
      'DirectoryPolicyRefused',
      'BAD_USER_INPUT',
    ],
    [
      new ConstraintViolationError('no user modification'),
      'unlock',
      'DirectoryRefused',
      'FORBIDDEN',
    ],
    [
      new UnwillingToPerformError('0000052D: SvcErr: DSID-031A12D2, problem 5003'),
      'setPassword',
      'DirectoryPolicyRefused',
      'BAD_USER_INPUT',
    ],
    [
      new UnwillingToPerformError('00002077: SvcErr'),
      'setPassword',
      'DirectoryRefused',
      'FORBIDDEN',
    ],
    [new InsufficientAccessError(), 'setPassword', 'DirectoryRefused', 'FORBIDDEN'],
    [socketError('ECONNREFUSED'), 'bind', 'DirectoryUnreachable', 'CONFLICT'],
    [socketError('ENOTFOUND'), 'bind', 'DirectoryUnreachable', 'CONFLICT'],
    [socketError('DEPTH_ZERO_SELF_SIGNED_CERT'), 'bind', 'DirectoryUnreachable', 'CONFLICT'],
    [new Error('Connection timeout'), 'bind', 'DirectoryTimeout', 'CONFLICT'],
    [
      new Error('ExtendedRequest: Operation timed out'),
      'setPassword',
      'DirectoryTimeout',
      'CONFLICT',
    ],
  ] as const)('maps %s during %s to %s (%s)', (error, phase, reason, code) => {
    const translated = translateDirectoryError(error, phase, []);

    expect(translated).toBeInstanceOf(WritebackError);
    expect(translated.reason).toBe(reason);
    expect(translated.code).toBe(code);
  });

  it('keeps the server diagnostic but cuts out every secret', () => {
    const error = new ConstraintViolationError('password "Hunter2-secret" is in the dictionary');

    const translated = translateDirectoryError(error, 'setPassword', ['Hunter2-secret']);

    expect(translated.message).toContain('is in the dictionary');
    expect(translated.message).not.toContain('Hunter2-secret');
    expect(translated.message).not.toMatch(/Code: 0x/);
    expect(translated.details).toMatchObject({ resultCode: 19, retryable: false });
  });

  it('marks unreachable and timeout as retryable', () => {
    expect(translateDirectoryError(socketError('ECONNRESET'), 'search', []).details).toMatchObject({
      retryable: true,
    });
  });

  it('passes a WritebackError through unchanged', () => {
    const original = new WritebackError('DirectoryUserNotFound', 'No directory entry matches');

    expect(translateDirectoryError(original, 'search', [])).toBe(original);
  });
});
