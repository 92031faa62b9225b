/** Stable error codes: clients branch on these, never on messages. */
export type ErrorCode =
  /** The input is malformed or breaks a rule (password too weak, code wrong). */
  | 'BAD_USER_INPUT'
  /** No valid credential or session. */
  | 'UNAUTHENTICATED'
  /** Authenticated but not allowed (role, tier, scope). */
  | 'FORBIDDEN'
  /** A throttle or rate limit refused the request. */
  | 'RATE_LIMITED'
  /** Someone else changed the same thing first, or it already exists. */
  | 'CONFLICT'
  /** Unknown, or in another tenant. */
  | 'NOT_FOUND';

/**
 * The base of every error Resetline raises on purpose. `reason` is the domain's finer cause
 * (e.g. `PasswordTooShort`, `FuzzyPolicyViolationInvalidPassword`), also the i18n key.
 * Messages never contain a password, a code or an answer.
 */
export class ResetlineError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends ResetlineError {
  constructor(reason: string, message: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', reason, message, details);
  }
}

/** The command is well formed but the current state does not allow it. */
export class IllegalStateError extends ResetlineError {
  constructor(reason: string, message: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', reason, message, details);
  }
}

export class NotFoundError extends ResetlineError {
  constructor(reason: string, message: string, details?: Record<string, unknown>) {
    super('NOT_FOUND', reason, message, details);
  }
}

export class ConflictError extends ResetlineError {
  constructor(reason: string, message: string, details?: Record<string, unknown>) {
    super('CONFLICT', reason, message, details);
  }
}

export class ForbiddenError extends ResetlineError {
  constructor(reason: string, message: string, details?: Record<string, unknown>) {
    super('FORBIDDEN', reason, message, details);
  }
}

export class UnauthenticatedError extends ResetlineError {
  constructor(reason: string, message: string, details?: Record<string, unknown>) {
    super('UNAUTHENTICATED', reason, message, details);
  }
}

export class RateLimitedError extends ResetlineError {
  constructor(reason: string, message: string, details?: Record<string, unknown>) {
    super('RATE_LIMITED', reason, message, details);
  }
}

/** The stream moved on since it was read: the caller may reload and decide again. */
export class WrongExpectedRevisionError extends ConflictError {
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    // The stream id can hold a capability (a reset flow id): it stays in details, which are
    // never sent to a client, and out of the message.
    super(
      'WrongExpectedRevision',
      `Someone else changed this at the same time (revision ${actual}, expected ${expected}); try again`,
      { streamId, expected, actual },
    );
  }
}
