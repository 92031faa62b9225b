import {
  ForbiddenError,
  loadStream,
  NotFoundError,
  type CommandMetadata,
  type EventStore,
  type StreamState,
} from '../core/index.js';
import type { ActingAdmin } from './businessLogic.js';
import {
  evolveUser,
  initialUserState,
  userStreamId,
  type ExistingUser,
  type UserState,
} from './user.js';

const userFold = { evolve: evolveUser, initialState: initialUserState };

/**
 * A user stream belongs to the tenant of its first event. Another tenant's user is answered
 * exactly like an unknown one.
 */
export const assertUserInTenant = (
  loaded: StreamState<unknown>,
  tenantId: string,
  userId: string,
): void => {
  const owner = loaded.events[0]?.metadata.tenantId;
  if (owner !== undefined && owner !== tenantId) {
    throw new NotFoundError('UserNotFound', `User ${userId} does not exist`);
  }
};

/** The user, or null when unknown, deleted or in another tenant. */
export const loadUserInTenant = async (
  store: EventStore,
  tenantId: string,
  userId: string,
): Promise<ExistingUser | null> => {
  const loaded = await loadStream<UserState, Parameters<typeof evolveUser>[1]>(
    store,
    userStreamId(userId),
    userFold,
  );
  if (loaded.events[0]?.metadata.tenantId !== tenantId) return null;
  const { state } = loaded;
  return state.status === 'active' || state.status === 'disabled' ? state : null;
};

/**
 * Who runs an admin command, with the roles the event store holds (not the token's claims): the
 * system, or an active user of the same tenant. Whether they hold an admin role is decided next.
 */
export const resolveActingAdmin = async (
  store: EventStore,
  metadata: CommandMetadata,
): Promise<ActingAdmin> => {
  const { actor } = metadata;
  if (actor.kind === 'system') return { kind: 'system' };
  const admin =
    actor.kind === 'anonymous' ? null : await loadUserInTenant(store, metadata.tenantId, actor.id);
  if (!admin || admin.status !== 'active') {
    throw new ForbiddenError('NotAnAdmin', 'Only administrators of this tenant may do this');
  }
  return { kind: 'admin', userId: admin.userId, roles: admin.roles };
};
