import { IllegalStateError, ResetlineError, ValidationError, type ServiceDeps } from '../core/index.js';
import type { ActiveTenant } from '../tenant/tenant.js';
import type { ExistingUser } from '../user/user.js';

/** The directory refused or could not be reached: the command changed nothing. */
export const writebackFailed = (directoryReason: string): IllegalStateError =>
  new IllegalStateError(
    'WritebackFailed',
    "Your organization's directory did not accept the change, so nothing was changed. " +
      'Try again later or contact your helpdesk',
    { directoryReason },
  );

/**
 * The directory's own password policy refused the password: the user can pick another, so this
 * is a rule violation like Resetline's own, not a failure of the operation.
 */
export const directoryPolicyRefused = (): ValidationError =>
  new ValidationError(
    'DirectoryPolicyRefused',
    "Your organization's directory refused this password under its own password policy; choose another",
  );

/** Synced and federated users keep their password in the on-premises directory. */
export const needsWriteback = (tenant: ActiveTenant, user: ExistingUser): boolean =>
  user.source !== 'cloud' && tenant.ssprPolicy.writebackEnabled;

export type WritebackAction =
  Readonly<{ kind: 'setPassword'; password: string }> | Readonly<{ kind: 'unlock' }>;

/**
 * Writes a new password or an unlock to the tenant's directory, synchronously, before anything
 * is recorded. Resolves true when it wrote, false when the user needs no writeback; throws
 * `DirectoryPolicyRefused` when the directory's policy refused the password, and
 * `WritebackFailed` (with the directory's reason, never the password) otherwise.
 */
export const writeBack = async (
  deps: Pick<ServiceDeps, 'writebackFor'>,
  tenant: ActiveTenant,
  user: ExistingUser,
  action: WritebackAction,
): Promise<boolean> => {
  if (!needsWriteback(tenant, user) || user.source === 'cloud') return false;
  const directory = await deps.writebackFor?.(tenant.tenantId);
  if (!directory) throw writebackFailed('NoDirectoryConfigured');
  const target = { tenantId: tenant.tenantId, username: user.username, source: user.source };
  try {
    if (action.kind === 'setPassword') await directory.setPassword(target, action.password);
    else await directory.unlock(target);
  } catch (error) {
    const reason = error instanceof ResetlineError ? error.reason : 'DirectoryError';
    throw reason === 'DirectoryPolicyRefused' ? directoryPolicyRefused() : writebackFailed(reason);
  }
  return true;
};
