import { ResultCodeError } from 'ldapts';
import { WritebackError } from './errors.js';

/** Where in a session the failure happened: a 49 on bind is our account, not the user's. */
export type DirectoryPhase = 'bind' | 'search' | 'setPassword' | 'unlock';

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

const resultCodes = {
  timeLimitExceeded: 3,
  constraintViolation: 19,
  noSuchObject: 32,
  invalidCredentials: 49,
  insufficientAccess: 50,
  busy: 51,
  unavailable: 52,
  unwillingToPerform: 53,
} as const;

// AD's password-restriction refusal (ERROR_PASSWORD_RESTRICTION); it may arrive as a constraint
// violation or as unwilling to perform depending on the domain controller's version.
const activeDirectoryPolicyRefusal = /0000052D/i;

/**
 * Turns whatever ldapts or the socket threw into a WritebackError. The secrets (the new
 * password, the bind password) are cut out of any server message before it is kept.
 */
export function translateDirectoryError(
  error: unknown,
  phase: DirectoryPhase,
  secrets: readonly string[],
): WritebackError {
  if (error instanceof WritebackError) return error;
  const said = redact(error instanceof Error ? error.message : String(error), secrets);
  if (error instanceof ResultCodeError) return fromResultCode(error.code, phase, said);

  const code = (error as { code?: unknown }).code;
  if (/timed? ?out/i.test(said)) {
    return new WritebackError(
      'DirectoryTimeout',
      `The directory did not answer in time (${phase})`,
    );
  }
  if (typeof code === 'string' && unreachableCodes.has(code)) {
    return new WritebackError('DirectoryUnreachable', `The directory is unreachable: ${code}`, {
      phase,
    });
  }
  if (typeof code === 'string' && /CERT|TLS|SSL/.test(code)) {
    return new WritebackError('DirectoryUnreachable', `TLS to the directory failed: ${code}`, {
      phase,
    });
  }
  if (/socket|connection closed/i.test(said)) {
    return new WritebackError('DirectoryUnreachable', 'The directory closed the connection', {
      phase,
    });
  }
  return new WritebackError('DirectoryRefused', `The directory operation failed: ${said}`, {
    phase,
  });
}

function fromResultCode(resultCode: number, phase: DirectoryPhase, said: string): WritebackError {
  const stripped = stripLdaptsSuffix(said);
  const serverSaid = stripped ? `: ${stripped}` : '';
  const details = { phase, resultCode };
  switch (resultCode) {
    case resultCodes.invalidCredentials:
      return new WritebackError(
        'DirectoryBindFailed',
        'The directory refused the service account: check the bind DN and its secret',
        details,
      );
    case resultCodes.constraintViolation:
      if (phase !== 'setPassword') break;
      return new WritebackError(
        'DirectoryPolicyRefused',
        `The directory's password policy refused the new password${serverSaid}`,
        details,
      );
    case resultCodes.unwillingToPerform:
      if (phase === 'setPassword' && activeDirectoryPolicyRefusal.test(serverSaid)) {
        return new WritebackError(
          'DirectoryPolicyRefused',
          `The directory's password policy refused the new password${serverSaid}`,
          details,
        );
      }
      break;
    case resultCodes.noSuchObject:
      return new WritebackError(
        'DirectoryBaseNotFound',
        `The base DN was not found in the directory${serverSaid}`,
        details,
      );
    case resultCodes.timeLimitExceeded:
      return new WritebackError('DirectoryTimeout', 'The directory hit its time limit', details);
    case resultCodes.busy:
    case resultCodes.unavailable:
      return new WritebackError(
        'DirectoryUnreachable',
        `The directory is unavailable${serverSaid}`,
        details,
      );
    case resultCodes.insufficientAccess:
      return new WritebackError(
        'DirectoryRefused',
        `The service account may not do this (${phase})${serverSaid}`,
        details,
      );
  }
  return new WritebackError(
    'DirectoryRefused',
    `The directory refused the ${phase}${serverSaid}`,
    details,
  );
}

// ldapts appends " Code: 0x13" to the server's diagnostic message; the code goes in details.
function stripLdaptsSuffix(message: string): string {
  return message.replace(/\s*Code: 0x[0-9a-f]+$/i, '').trim();
}

function redact(message: string, secrets: readonly string[]): string {
  return secrets
    .filter((secret) => secret.length > 0)
    .reduce((text, secret) => text.split(secret).join('[redacted]'), message);
}
