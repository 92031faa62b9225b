import { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, type Command } from '../core/index.js';
import { isAdmin, isPrivileged, roleSchema, userSourceSchema, type Role } from '../policy/index.js';
import { languageSchema } from '../tenant/tenant.js';
import {
  evolveUser,
  initialUserState,
  type ExistingUser,
  type UserEvent,
  type UserEventOf,
  type UserState,
} from './user.js';

const names = {
  displayName: z.string().trim().min(1).max(256),
  firstName: z.string().trim().max(100),
  lastName: z.string().trim().max(100),
};
const groupsSchema = z.array(z.string().trim().min(1).max(256)).max(500);

/** What an admin (or an import row) sends to create a user; the password is hashed by the service. */
export const provisionUserSchema = z.object({
  username: z.string().trim().min(1).max(256),
  ...names,
  firstName: names.firstName.default(''),
  lastName: names.lastName.default(''),
  source: userSourceSchema.default('cloud'),
  roles: z.array(roleSchema).min(1).default(['user']),
  groups: groupsSchema.default([]),
  language: languageSchema.default('en'),
  initialPassword: z.string().optional(),
  mustChangeAtNextSignIn: z.boolean().default(true),
});
export type ProvisionUserInput = z.input<typeof provisionUserSchema>;

export const userChangesSchema = z
  .object({
    ...names,
    roles: z.array(roleSchema).min(1),
    groups: groupsSchema,
    language: languageSchema,
  })
  .partial();
export type UserChanges = z.infer<typeof userChangesSchema>;

export type ProvisionUser = Command<
  'ProvisionUser',
  Omit<z.infer<typeof provisionUserSchema>, 'initialPassword'> & {
    userId: string;
    initialPasswordHash?: string | undefined;
  }
>;
export type UpdateUser = Command<'UpdateUser', { userId: string; changes: UserChanges }>;
export type DisableUser = Command<'DisableUser', { userId: string; reason?: string | undefined }>;
export type EnableUser = Command<'EnableUser', { userId: string }>;
export type DeleteUser = Command<'DeleteUser', { userId: string }>;
export type RequireReregistration = Command<'RequireReregistration', { userId: string }>;
/** Without a methodId every registered method is revoked. */
export type RevokeSecurityInfo = Command<
  'RevokeSecurityInfo',
  { userId: string; methodId?: string | undefined }
>;

export type UserAdminCommand =
  | ProvisionUser
  | UpdateUser
  | DisableUser
  | EnableUser
  | DeleteUser
  | RequireReregistration
  | RevokeSecurityInfo;

/** Who runs an admin command: the system (bootstrap, imports) or an admin with their stored roles. */
export type ActingAdmin = Readonly<
  { kind: 'system' } | { kind: 'admin'; userId: string; roles: readonly Role[] }
>;

/** Only a globalAdmin acts on privileged users (globalAdmin, passwordAdmin) or grants those roles. */
export const assertMayActOn = (acting: ActingAdmin, targetRoles: readonly Role[]): void => {
  if (acting.kind === 'system') return;
  if (!isAdmin(acting.roles))
    throw new ForbiddenError('NotAnAdmin', 'Only administrators manage users');
  if (isPrivileged(targetRoles) && !acting.roles.includes('globalAdmin')) {
    throw new ForbiddenError(
      'PrivilegedTarget',
      'Only a global administrator manages administrators',
    );
  }
};

const assertNotSelf = (acting: ActingAdmin, userId: string, what: string): void => {
  if (acting.kind === 'admin' && acting.userId === userId) {
    throw new ForbiddenError('CannotActOnSelf', `Administrators cannot ${what} their own account`);
  }
};

export const existingUser = (state: UserState, userId: string): ExistingUser => {
  if (state.status !== 'active' && state.status !== 'disabled') {
    throw new NotFoundError('UserNotFound', `User ${userId} does not exist`);
  }
  return state;
};

export const provisionUser = (
  command: ProvisionUser,
  state: UserState,
  acting: ActingAdmin,
): UserEvent[] => {
  const { initialPasswordHash, mustChangeAtNextSignIn, ...profile } = command.data;
  assertMayActOn(acting, profile.roles);
  if (state.status !== 'none')
    throw new ConflictError('UserExists', `User ${profile.userId} already exists`);
  const provisioned: UserEvent = { type: 'UserProvisioned', data: profile };
  if (initialPasswordHash === undefined) return [provisioned];
  return [
    provisioned,
    { type: 'InitialPasswordSet', data: { hash: initialPasswordHash, mustChangeAtNextSignIn } },
  ];
};

/**
 * Only the fields that change go into the event. Granting an admin role drops registered
 * security questions in the same decision: admins may not use them.
 */
export const updateUser = (
  command: UpdateUser,
  state: UserState,
  acting: ActingAdmin,
): UserEvent[] => {
  const user = existingUser(state, command.data.userId);
  const { changes } = command.data;
  assertMayActOn(acting, [...user.roles, ...(changes.roles ?? [])]);
  if (changes.roles) assertNotSelf(acting, user.userId, 'change the roles of');
  const changed = Object.fromEntries(
    Object.entries(changes).filter(
      ([key, value]) =>
        value !== undefined &&
        JSON.stringify(value) !== JSON.stringify(user[key as keyof UserChanges]),
    ),
  ) as UserChanges;
  if (Object.keys(changed).length === 0) return [];
  const updated: UserEvent = { type: 'UserUpdated', data: changed };
  const questions = user.methods.find((m) => m.method === 'securityQuestions');
  if (!questions || !changed.roles || !isAdmin(changed.roles)) return [updated];
  return [
    updated,
    {
      type: 'SecurityInfoRemoved',
      data: { methodId: questions.methodId, method: 'securityQuestions', byAdmin: true },
    },
  ];
};

export const disableUser = (
  command: DisableUser,
  state: UserState,
  acting: ActingAdmin,
): UserEvent[] => {
  const user = existingUser(state, command.data.userId);
  assertMayActOn(acting, user.roles);
  assertNotSelf(acting, user.userId, 'disable');
  if (user.status === 'disabled') return [];
  const { reason } = command.data;
  return [{ type: 'UserDisabled', data: reason === undefined ? {} : { reason } }];
};

export const enableUser = (
  command: EnableUser,
  state: UserState,
  acting: ActingAdmin,
): UserEvent[] => {
  const user = existingUser(state, command.data.userId);
  assertMayActOn(acting, user.roles);
  if (user.status === 'active') return [];
  return [{ type: 'UserEnabled', data: {} }];
};

/** The username stays reserved: a new account never inherits a deleted one's name and audit trail. */
export const deleteUser = (
  command: DeleteUser,
  state: UserState,
  acting: ActingAdmin,
): UserEvent[] => {
  const user = existingUser(state, command.data.userId);
  assertMayActOn(acting, user.roles);
  assertNotSelf(acting, user.userId, 'delete');
  return [{ type: 'UserDeleted', data: {} }];
};

export const requireReregistration = (
  command: RequireReregistration,
  state: UserState,
  acting: ActingAdmin,
): UserEvent[] => {
  const user = existingUser(state, command.data.userId);
  assertMayActOn(acting, user.roles);
  if (user.reregistrationRequired) return [];
  return [{ type: 'ReregistrationRequired', data: {} }];
};

export const revokeSecurityInfo = (
  command: RevokeSecurityInfo,
  state: UserState,
  acting: ActingAdmin,
): UserEvent[] => {
  const user = existingUser(state, command.data.userId);
  assertMayActOn(acting, user.roles);
  const { methodId } = command.data;
  const revoked =
    methodId === undefined ? user.methods : user.methods.filter((m) => m.methodId === methodId);
  if (methodId !== undefined && revoked.length === 0) {
    throw new NotFoundError(
      'SecurityInfoNotFound',
      `User ${user.userId} has no security info ${methodId}`,
    );
  }
  return revoked.map((m): UserEventOf<'SecurityInfoRemoved'> => ({
    type: 'SecurityInfoRemoved',
    data: { methodId: m.methodId, method: m.method, byAdmin: true },
  }));
};

export const decideUserAdmin = (
  command: UserAdminCommand,
  state: UserState,
  acting: ActingAdmin,
): UserEvent[] => {
  switch (command.type) {
    case 'ProvisionUser':
      return provisionUser(command, state, acting);
    case 'UpdateUser':
      return updateUser(command, state, acting);
    case 'DisableUser':
      return disableUser(command, state, acting);
    case 'EnableUser':
      return enableUser(command, state, acting);
    case 'DeleteUser':
      return deleteUser(command, state, acting);
    case 'RequireReregistration':
      return requireReregistration(command, state, acting);
    case 'RevokeSecurityInfo':
      return revokeSecurityInfo(command, state, acting);
    default: {
      const _exhaustive: never = command;
      throw new Error(`Unknown user command ${JSON.stringify(_exhaustive)}`);
    }
  }
};

export const userFold = { evolve: evolveUser, initialState: initialUserState };
