import {
  ForbiddenError,
  handleCommand,
  NotFoundError,
  type CommandMetadata,
  type ServiceDeps,
} from '../core/index.js';
import { writeBack } from '../passwordChange/directoryWriteback.js';
import { loadAccount, type Account } from '../signIn/accounts.js';
import { loadActiveTenant } from '../tenant/service.js';
import { credentialFold } from '../signIn/credentialState.js';
import { userStreamId } from '../user/user.js';
import { decideAdminReset, type AdminActor, type AdminResetCommand } from './businessLogic.js';

/** 18 random bytes: 24 base64url characters, 144 bits. */
const TEMPORARY_PASSWORD_BYTES = 18;

export type AdminResetResult = Readonly<{
  userId: string;
  mode: 'invitationSent' | 'temporaryPassword';
  /** Present only in temporaryPassword mode: the one place it exists in clear. Show once. */
  temporaryPassword?: string | undefined;
}>;

/** The acting admin's roles as their user stream holds them now. */
const loadActor = async (deps: ServiceDeps, metadata: CommandMetadata): Promise<AdminActor> => {
  const actor = await loadAccount(deps.eventStore, metadata.tenantId, metadata.actor.id);
  if (!actor || actor.user.status !== 'active') {
    throw new ForbiddenError(
      'NotPasswordAdmin',
      'Only a password administrator or global administrator can do this',
    );
  }
  return { userId: actor.userId, roles: actor.user.roles };
};

const loadTarget = async (
  deps: ServiceDeps,
  tenantId: string,
  userId: string,
): Promise<Account> => {
  const target = await loadAccount(deps.eventStore, tenantId, userId);
  if (!target) throw new NotFoundError('UnknownUser', 'No such user in this tenant');
  return target;
};

const decideOn = (deps: ServiceDeps, target: Account, command: AdminResetCommand) =>
  handleCommand(deps, userStreamId(target.userId), credentialFold, command.metadata, (state) =>
    decideAdminReset(command, state),
  );

/**
 * Admin-initiated reset. By default the user is sent a reset invitation (the admin never learns
 * or chooses a password); under the tenant's opt-in policy a one-time temporary password is
 * drawn, hashed, written back when the user is synced, and returned once to the caller.
 */
export const handleAdminResetPassword = async (
  deps: ServiceDeps,
  input: Readonly<{ userId: string }>,
  metadata: CommandMetadata,
): Promise<AdminResetResult> => {
  const tenant = await loadActiveTenant(deps, metadata.tenantId);
  const actor = await loadActor(deps, metadata);
  const target = await loadTarget(deps, tenant.tenantId, input.userId);
  const reset = (temporaryPasswordHash?: string): AdminResetCommand => ({
    type: 'AdminResetPassword',
    data: { actor, temporaryPasswordHash },
    metadata,
  });
  decideAdminReset(reset(), target.loaded.state); // refuses before anything is drawn or written
  if (!tenant.ssprPolicy.adminTemporaryPassword) {
    await decideOn(deps, target, reset());
    return { userId: target.userId, mode: 'invitationSent' };
  }
  const temporaryPassword = deps.random.token(TEMPORARY_PASSWORD_BYTES);
  // Bound to the user, so the required change compares against it without a verify.
  const owner = { tenantId: tenant.tenantId, userId: target.userId };
  const hash = await deps.passwordHasher.hashForUser(temporaryPassword, owner);
  await writeBack(deps, tenant, target.user, { kind: 'setPassword', password: temporaryPassword });
  await decideOn(deps, target, reset(hash));
  return { userId: target.userId, mode: 'temporaryPassword', temporaryPassword };
};

/** Admin unlock: clears the lockout (and unlocks in the directory for synced users). */
export const handleAdminUnlockAccount = async (
  deps: ServiceDeps,
  input: Readonly<{ userId: string }>,
  metadata: CommandMetadata,
): Promise<Readonly<{ userId: string }>> => {
  const tenant = await loadActiveTenant(deps, metadata.tenantId);
  const actor = await loadActor(deps, metadata);
  const target = await loadTarget(deps, tenant.tenantId, input.userId);
  const unlock: AdminResetCommand = { type: 'AdminUnlockAccount', data: { actor }, metadata };
  decideAdminReset(unlock, target.loaded.state);
  await writeBack(deps, tenant, target.user, { kind: 'unlock' });
  await decideOn(deps, target, unlock);
  return { userId: target.userId };
};
