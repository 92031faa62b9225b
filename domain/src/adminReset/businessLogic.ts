import { ForbiddenError, NotFoundError, type Command } from '../core/index.js';
import { isPrivileged, type Role } from '../policy/index.js';
import type { CredentialState } from '../signIn/credentialState.js';
import type { ExistingUser, UserEventOf } from '../user/user.js';

/** The admin acting, with the roles their own user stream holds now (not a token's claims). */
export type AdminActor = Readonly<{ userId: string; roles: readonly Role[] }>;

/**
 * Without `temporaryPasswordHash` the user is sent a reset invitation and the admin never learns
 * a password; with it (opt-in tenant policy) the service drew a one-time temporary password.
 */
export type AdminResetPassword = Command<
  'AdminResetPassword',
  { actor: AdminActor; temporaryPasswordHash?: string | undefined }
>;
export type AdminUnlockAccount = Command<'AdminUnlockAccount', { actor: AdminActor }>;
export type AdminResetCommand = AdminResetPassword | AdminUnlockAccount;

export type AdminResetEvent =
  | UserEventOf<'AdminResetRequested'>
  | UserEventOf<'PasswordResetByAdmin'>
  | UserEventOf<'AccountUnlocked'>;

const canManagePasswords = (roles: readonly Role[]): boolean =>
  roles.includes('globalAdmin') || roles.includes('passwordAdmin');

/**
 * Only password and global admins act on credentials; a helpdesk (passwordAdmin) never on
 * another admin; the target must exist in the tenant (the service loads it tenant-scoped).
 */
export const authorizeAdmin = (actor: AdminActor, state: CredentialState): ExistingUser => {
  if (!canManagePasswords(actor.roles)) {
    throw new ForbiddenError(
      'NotPasswordAdmin',
      'Only a password administrator or global administrator can do this',
    );
  }
  const target = state.user;
  if (target.status !== 'active' && target.status !== 'disabled') {
    throw new NotFoundError('UnknownUser', 'No such user in this tenant');
  }
  if (isPrivileged(target.roles) && !actor.roles.includes('globalAdmin')) {
    throw new ForbiddenError(
      'PrivilegedTarget',
      "Only a global administrator can act on an administrator's account",
    );
  }
  return target;
};

export const adminResetPassword = (
  command: AdminResetPassword,
  state: CredentialState,
): AdminResetEvent[] => {
  const { actor, temporaryPasswordHash } = command.data;
  const target = authorizeAdmin(actor, state);
  if (target.userId === actor.userId) {
    throw new ForbiddenError(
      'OwnPassword',
      'Use self-service to change or reset your own password',
    );
  }
  if (!temporaryPasswordHash) return [{ type: 'AdminResetRequested', data: {} }];
  return [
    {
      type: 'PasswordResetByAdmin',
      data: { hash: temporaryPasswordHash, temporary: true, mustChangeAtNextSignIn: true },
    },
  ];
};

export const adminUnlockAccount = (
  command: AdminUnlockAccount,
  state: CredentialState,
): AdminResetEvent[] => {
  authorizeAdmin(command.data.actor, state);
  return [{ type: 'AccountUnlocked', data: { by: 'admin' } }];
};

export const decideAdminReset = (
  command: AdminResetCommand,
  state: CredentialState,
): AdminResetEvent[] => {
  switch (command.type) {
    case 'AdminResetPassword':
      return adminResetPassword(command, state);
    case 'AdminUnlockAccount':
      return adminUnlockAccount(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`Unknown command ${JSON.stringify(_exhaustive)}`);
    }
  }
};
