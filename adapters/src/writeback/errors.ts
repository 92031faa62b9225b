import { ResetlineError, type ErrorCode } from '@resetline/domain';

/** Why a directory write failed; also the i18n key of the message. */
export type WritebackFailureReason =
  /** The directory's password policy refused the new password (length, quality, history). */
  | 'DirectoryPolicyRefused'
  /** No connection: refused, reset, DNS or TLS failure, or the server went away mid-operation. */
  | 'DirectoryUnreachable'
  /** The directory did not answer within the tenant's `timeoutMs`. */
  | 'DirectoryTimeout'
  /** The directory refused Resetline's service account (bind DN or secret wrong). */
  | 'DirectoryBindFailed'
  /** No entry under the base DN matches the user filter for this username. */
  | 'DirectoryUserNotFound'
  /** More than one entry matches the user filter: the mapping is ambiguous, nothing is written. */
  | 'DirectoryUserAmbiguous'
  /** The base DN does not exist in the directory. */
  | 'DirectoryBaseNotFound'
  /** The directory refused for another reason (access rights, unwilling to perform...). */
  | 'DirectoryRefused'
  /** The tenant has no directory configured, so nothing can be written back. */
  | 'DirectoryNotConfigured';

// A policy refusal is the user's to fix (another password). The rest are the directory's or the
// tenant's configuration: transient faults go on CONFLICT (retry later), access faults on
// FORBIDDEN, until the core has an UNAVAILABLE code.
const codeOf: Readonly<Record<WritebackFailureReason, ErrorCode>> = {
  DirectoryPolicyRefused: 'BAD_USER_INPUT',
  DirectoryUnreachable: 'CONFLICT',
  DirectoryTimeout: 'CONFLICT',
  DirectoryBindFailed: 'FORBIDDEN',
  DirectoryUserNotFound: 'NOT_FOUND',
  DirectoryUserAmbiguous: 'CONFLICT',
  DirectoryBaseNotFound: 'FORBIDDEN',
  DirectoryRefused: 'FORBIDDEN',
  DirectoryNotConfigured: 'FORBIDDEN',
};

const transient: ReadonlySet<WritebackFailureReason> = new Set([
  'DirectoryUnreachable',
  'DirectoryTimeout',
]);

/** A password or unlock write-back the directory did not accept. Never carries the password. */
export class WritebackError extends ResetlineError {
  declare readonly reason: WritebackFailureReason;

  constructor(
    reason: WritebackFailureReason,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(codeOf[reason], reason, message, { ...details, retryable: transient.has(reason) });
  }
}
