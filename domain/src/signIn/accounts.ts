import { loadStream, ValidationError, type EventStore, type StreamState } from '../core/index.js';
import { usernameReservationFold } from '../user/usernameReservation.js';
import { userStreamId, usernameStreamId, type ExistingUser } from '../user/user.js';
import { credentialFold, type CredentialState } from './credentialState.js';

/** Longer usernames are refused before they become stream ids. */
export const MAX_USERNAME_LENGTH = 256;

export const assertUsername = (username: string): void => {
  if (username.trim().length === 0 || username.length > MAX_USERNAME_LENGTH) {
    throw new ValidationError(
      'InvalidUsername',
      `A username has 1 to ${MAX_USERNAME_LENGTH} characters`,
    );
  }
};

export type Account = Readonly<{
  userId: string;
  user: ExistingUser;
  loaded: StreamState<CredentialState>;
}>;

/**
 * The user's credential state, or null when the user is unknown, deleted or in another tenant
 * (a cross-tenant id is indistinguishable from an unknown one).
 */
export const loadAccount = async (
  store: EventStore,
  tenantId: string,
  userId: string,
): Promise<Account | null> => {
  const loaded = await loadStream(store, userStreamId(userId), credentialFold);
  const { user } = loaded.state;
  if (user.status !== 'active' && user.status !== 'disabled') return null;
  if (loaded.events[0]?.metadata.tenantId !== tenantId) return null;
  return { userId, user, loaded };
};

/** The user holding `username` in the tenant, through the username reservation stream. */
export const findAccountByUsername = async (
  store: EventStore,
  tenantId: string,
  username: string,
): Promise<Account | null> => {
  const { state } = await loadStream(
    store,
    usernameStreamId(tenantId, username),
    usernameReservationFold,
  );
  return state.status === 'reserved' ? loadAccount(store, tenantId, state.userId) : null;
};
