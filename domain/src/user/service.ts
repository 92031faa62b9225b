import {
  handleCommand,
  loadStream,
  type CommandMetadata,
  type ServiceDeps,
} from '../core/index.js';
import { assertNewPassword } from '../password/index.js';
import { parseInput } from '../tenant/parseInput.js';
import { loadActiveTenant } from '../tenant/service.js';
import { ssprCoverage } from '../tenant/ssprCoverage.js';
import { loadUserInTenant, assertUserInTenant, resolveActingAdmin } from './acting.js';
import {
  decideUserAdmin,
  provisionUser,
  provisionUserSchema,
  userChangesSchema,
  userFold,
  type ActingAdmin,
  type ProvisionUser,
  type UserAdminCommand,
} from './businessLogic.js';
import { reserveUsername, usernameReservationFold } from './usernameReservation.js';
import {
  initialUserState,
  usernameStreamId,
  userStreamId,
  type ExistingUser,
  type UserState,
} from './user.js';

export type ProvisionResult = Readonly<{
  userId: string;
  username: string;
  /** Whether the tenant's tier and scope cover the user for self-service reset today. */
  ssprEnabled: boolean;
}>;

/**
 * Validate, hash the initial password after the password rules, reserve the username (its own
 * stream, appended with no_stream, so two admins cannot take one name), then write the user.
 * The tier never refuses a user: it decides coverage when SSPR is used, so an upgrade needs
 * no re-provisioning.
 */
export const handleProvisionUser = async (
  deps: ServiceDeps,
  input: unknown,
  metadata: CommandMetadata,
): Promise<ProvisionResult> => {
  const { initialPassword, ...profile } = parseInput(
    provisionUserSchema,
    input,
    'InvalidUser',
    'user',
  );
  const tenant = await loadActiveTenant(deps, metadata.tenantId);
  const acting = await resolveActingAdmin(deps.eventStore, metadata);
  const userId = deps.random.uuidv7();
  const command: ProvisionUser = { type: 'ProvisionUser', data: { ...profile, userId }, metadata };
  provisionUser(command, initialUserState(), acting);
  const initialPasswordHash =
    initialPassword === undefined
      ? undefined
      : await deps.passwordHasher.hashForUser(
          assertNewPassword(initialPassword, {
            policy: tenant.passwordPolicy,
            ...profile,
            tenantName: tenant.name,
          }),
          { tenantId: tenant.tenantId, userId },
        );
  await handleCommand(
    deps,
    usernameStreamId(tenant.tenantId, profile.username),
    usernameReservationFold,
    metadata,
    (state) =>
      reserveUsername(
        { type: 'ReserveUsername', data: { userId, username: profile.username }, metadata },
        state,
      ),
  );
  await handleCommand(deps, userStreamId(userId), userFold, metadata, (state) =>
    provisionUser({ ...command, data: { ...command.data, initialPasswordHash } }, state, acting),
  );
  return { userId, username: profile.username, ssprEnabled: ssprCoverage(tenant, profile).enabled };
};

export type UserAdminResult = Readonly<{
  userId: string;
  changed: boolean;
  status: UserState['status'];
}>;

const runUserAdminCommand = async (
  deps: ServiceDeps,
  metadata: CommandMetadata,
  userId: string,
  toCommand: () => UserAdminCommand,
): Promise<UserAdminResult> => {
  const command = toCommand();
  const acting: ActingAdmin = await resolveActingAdmin(deps.eventStore, metadata);
  const { newEvents, state } = await handleCommand(
    deps,
    userStreamId(userId),
    userFold,
    metadata,
    (current, loaded) => {
      assertUserInTenant(loaded, metadata.tenantId, userId);
      return decideUserAdmin(command, current, acting);
    },
  );
  return { userId, changed: newEvents.length > 0, status: state.status };
};

export const handleUpdateUser = (
  deps: ServiceDeps,
  userId: string,
  changes: unknown,
  metadata: CommandMetadata,
) =>
  runUserAdminCommand(deps, metadata, userId, () => ({
    type: 'UpdateUser',
    data: {
      userId,
      changes: parseInput(userChangesSchema, changes, 'InvalidUserChanges', 'user changes'),
    },
    metadata,
  }));

export const handleDisableUser = (
  deps: ServiceDeps,
  userId: string,
  reason: string | undefined,
  metadata: CommandMetadata,
) =>
  runUserAdminCommand(deps, metadata, userId, () => ({
    type: 'DisableUser',
    data: { userId, reason: reason?.slice(0, 500) },
    metadata,
  }));

export const handleEnableUser = (deps: ServiceDeps, userId: string, metadata: CommandMetadata) =>
  runUserAdminCommand(deps, metadata, userId, () => ({
    type: 'EnableUser',
    data: { userId },
    metadata,
  }));

export const handleDeleteUser = (deps: ServiceDeps, userId: string, metadata: CommandMetadata) =>
  runUserAdminCommand(deps, metadata, userId, () => ({
    type: 'DeleteUser',
    data: { userId },
    metadata,
  }));

export const handleRequireReregistration = (
  deps: ServiceDeps,
  userId: string,
  metadata: CommandMetadata,
) =>
  runUserAdminCommand(deps, metadata, userId, () => ({
    type: 'RequireReregistration',
    data: { userId },
    metadata,
  }));

/** Without a methodId every registered method is revoked. */
export const handleRevokeSecurityInfo = (
  deps: ServiceDeps,
  userId: string,
  methodId: string | undefined,
  metadata: CommandMetadata,
) =>
  runUserAdminCommand(deps, metadata, userId, () => ({
    type: 'RevokeSecurityInfo',
    data: { userId, methodId },
    metadata,
  }));

/** The user, or null when unknown, deleted or in another tenant. */
export const getUser = (
  deps: Pick<ServiceDeps, 'eventStore'>,
  tenantId: string,
  userId: string,
): Promise<ExistingUser | null> => loadUserInTenant(deps.eventStore, tenantId, userId);

/** Through the reservation stream: usernames compare after NFKC, trimming and lowercasing. */
export const findUserByUsername = async (
  deps: Pick<ServiceDeps, 'eventStore'>,
  tenantId: string,
  username: string,
): Promise<ExistingUser | null> => {
  const { state } = await loadStream(
    deps.eventStore,
    usernameStreamId(tenantId, username),
    usernameReservationFold,
  );
  return state.status === 'reserved'
    ? loadUserInTenant(deps.eventStore, tenantId, state.userId)
    : null;
};
