import { ConflictError, type Command } from '../core/index.js';
import type { UserEventOf } from './user.js';

/** The username stream holds one UsernameReserved, forever: deleted users keep their name. */
export type UsernameReservation = Readonly<
  { status: 'free' } | { status: 'reserved'; userId: string; username: string }
>;

export const initialUsernameReservation = (): UsernameReservation => ({ status: 'free' });

export const evolveUsernameReservation = (
  state: UsernameReservation,
  event: UserEventOf<'UsernameReserved'>,
): UsernameReservation =>
  event.type === 'UsernameReserved' ? { status: 'reserved', ...event.data } : state;

export type ReserveUsername = Command<'ReserveUsername', { userId: string; username: string }>;

/**
 * A name reserved for the same user id is accepted again without a new event, so a provisioning
 * retried after a crash between the two appends finishes instead of failing.
 */
export const reserveUsername = (
  command: ReserveUsername,
  state: UsernameReservation,
): UserEventOf<'UsernameReserved'>[] => {
  const { userId, username } = command.data;
  if (state.status === 'free') return [{ type: 'UsernameReserved', data: { userId, username } }];
  if (state.userId === userId) return [];
  throw new ConflictError(
    'UsernameTaken',
    `The username ${username} is already taken in this tenant`,
    { username },
  );
};

export const usernameReservationFold = {
  evolve: evolveUsernameReservation,
  initialState: initialUsernameReservation,
};
