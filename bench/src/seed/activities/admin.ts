import {
  credentialFold,
  decideAdminReset,
  decideUserAdmin,
  isPrivileged,
  ResetlineError,
  type AdminResetCommand,
  type UserAdminCommand,
  type UserEvent,
} from '@resetline/domain';
import {
  activeTenant,
  adminActor,
  existing,
  metadataFor,
  wait,
  type SeedUser,
  type Sim,
} from '../sim.js';
import { adoptPassword, freshPassword } from './passwordChange.js';
import { groupNames } from '../vocabulary.js';

type Metadata = ReturnType<typeof metadataFor>;

/** The helpdesk: a passwordAdmin for ordinary users when the tenant has one, else the global admin. */
const actingAdminFor = (sim: Sim, user: SeedUser): SeedUser | undefined => {
  const state = existing(user);
  const helpdesk = user.tenant.helpdesk.filter(
    (u) => u !== user && existing(u)?.status === 'active',
  );
  if (state && !isPrivileged(state.roles) && helpdesk.length > 0 && sim.prng.chance(0.6)) {
    return sim.prng.pick(helpdesk);
  }
  return user.tenant.admin !== user ? user.tenant.admin : undefined;
};

/** Keeps the tenant's list of password admins in step with role changes. */
export const noteHelpdesk = (user: SeedUser): void => {
  const { helpdesk } = user.tenant;
  const isHelpdesk = existing(user)?.roles.includes('passwordAdmin') ?? false;
  const at = helpdesk.indexOf(user);
  if (isHelpdesk && at < 0) helpdesk.push(user);
  if (!isHelpdesk && at >= 0) helpdesk.splice(at, 1);
};

const rolesOf = (admin: SeedUser) => {
  const state = existing(admin);
  return state ? state.roles : [];
};

const record = (
  sim: Sim,
  user: SeedUser,
  admin: SeedUser,
  decide: (metadata: Metadata) => readonly UserEvent[],
): readonly UserEvent[] => {
  const metadata = metadataFor(sim, user.tenant.tenantId, adminActor(admin), admin);
  try {
    return sim.writer.record(user.stream, decide(metadata), credentialFold.evolve, metadata);
  } catch (error) {
    if (!(error instanceof ResetlineError)) throw error;
    return [];
  }
};

const adminReset = (
  sim: Sim,
  user: SeedUser,
  command: (m: Metadata, admin: SeedUser) => AdminResetCommand,
) => {
  const admin = actingAdminFor(sim, user);
  if (!admin) return [];
  return record(sim, user, admin, (metadata) =>
    decideAdminReset(command(metadata, admin), user.stream.state),
  );
};

const userAdmin = (sim: Sim, user: SeedUser, command: (m: Metadata) => UserAdminCommand) => {
  const admin = user.tenant.admin;
  if (!admin || admin === user) return [];
  const acting = { kind: 'admin' as const, userId: admin.userId, roles: rolesOf(admin) };
  return record(sim, user, admin, (metadata) =>
    decideUserAdmin(command(metadata), user.stream.state.user, acting),
  );
};

/**
 * "Reset password (by admin)": an invitation by default; with the tenant's opt-in, a one-time
 * temporary password (from the pool) that the user must change at the next sign-in.
 */
export const adminResetPassword = (sim: Sim, user: SeedUser): void => {
  const temporary = activeTenant(user.tenant).ssprPolicy.adminTemporaryPassword;
  const next = temporary ? freshPassword(sim, user) : undefined;
  const events = adminReset(sim, user, (metadata, admin) => ({
    type: 'AdminResetPassword',
    data: {
      actor: { userId: admin.userId, roles: rolesOf(admin) },
      temporaryPasswordHash: next === undefined ? undefined : sim.pool.passwordHashes[next],
    },
    metadata,
  }));
  if (next !== undefined && events.some((e) => e.type === 'PasswordResetByAdmin'))
    adoptPassword(user, next);
};

export const adminUnlock = (sim: Sim, user: SeedUser): void => {
  adminReset(sim, user, (metadata, admin) => ({
    type: 'AdminUnlockAccount',
    data: { actor: { userId: admin.userId, roles: rolesOf(admin) } },
    metadata,
  }));
};

/** Everyday directory upkeep: group moves, role grants, leavers, returners, re-registration. */
export const userAdministration = (sim: Sim, user: SeedUser): void => {
  const state = existing(user);
  if (!state) return;
  const userId = user.userId;
  const kind = sim.prng.weighted({
    groups: 40,
    role: 4,
    disable: state.status === 'active' ? 10 : 0,
    enable: state.status === 'disabled' ? 30 : 0,
    delete: state.status === 'disabled' ? 6 : 0,
    reregister: 6,
    revoke: state.methods.length > 0 ? 4 : 0,
  });
  switch (kind) {
    case 'groups':
      userAdmin(sim, user, (metadata) => ({
        type: 'UpdateUser',
        data: { userId, changes: { groups: sim.prng.sample(groupNames, sim.prng.between(1, 3)) } },
        metadata,
      }));
      return;
    case 'role': {
      const role = sim.prng.pick(['passwordAdmin', 'reportsReader', 'user'] as const);
      const events = userAdmin(sim, user, (metadata) => ({
        type: 'UpdateUser',
        data: { userId, changes: { roles: [role] } },
        metadata,
      }));
      if (events.length > 0) noteHelpdesk(user);
      return;
    }
    case 'disable':
      userAdmin(sim, user, (metadata) => ({
        type: 'DisableUser',
        data: { userId, reason: 'Left the organization' },
        metadata,
      }));
      return;
    case 'enable':
      userAdmin(sim, user, (metadata) => ({ type: 'EnableUser', data: { userId }, metadata }));
      return;
    case 'delete':
      userAdmin(sim, user, (metadata) => ({ type: 'DeleteUser', data: { userId }, metadata }));
      return;
    case 'reregister':
      userAdmin(sim, user, (metadata) => ({
        type: 'RequireReregistration',
        data: { userId },
        metadata,
      }));
      return;
    case 'revoke':
      userAdmin(sim, user, (metadata) => ({
        type: 'RevokeSecurityInfo',
        data: { userId },
        metadata,
      }));
      wait(sim, 5);
      return;
  }
};
