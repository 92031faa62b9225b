import {
  credentialFold,
  userStreamId,
  type CredentialState,
  type EventStore,
  type ExistingUser,
  type TimedUserEvent,
} from '@resetline/domain';

type Folded = Readonly<{
  tenantId: string;
  state: CredentialState;
  revision: number;
  /** The store's head position read before the stream was: unchanged head, unchanged stream. */
  head: number;
}>;

/**
 * The signed-in user's credential state for the authChecker, read on every request but folded
 * incrementally: each read asks the store only for the events after the last one folded.
 * A user stream grows with every sign-in, so a full read would cost more each day an admin
 * uses the console. Still exact: events are immutable and appended in revision order, and
 * every check reads the store, so a change made by any process is seen at once. While the
 * store's head has not moved since the last read, nothing was appended anywhere, and the
 * stream is not read at all (the head is one indexed lookup; a console polls far more often
 * than anything is written).
 */
export const createCallerAccounts = (store: EventStore, maxUsers = 10_000) => {
  const folded = new Map<string, Folded>();

  const remember = (userId: string, next: Folded): void => {
    const current = folded.get(userId);
    if (current && current.revision > next.revision) return;
    folded.delete(userId);
    // Oldest first: Map keeps insertion order, and a refreshed user moves to the end.
    if (folded.size >= maxUsers) folded.delete(folded.keys().next().value!);
    folded.set(userId, next);
  };

  return {
    /** The user, or null when unknown, deleted or in another tenant (all alike). */
    load: async (tenantId: string, userId: string): Promise<ExistingUser | null> => {
      const known = folded.get(userId);
      const head = await store.headPosition();
      let current = known;
      if (!known || known.head !== head) {
        const events = await store.readStream(
          userStreamId(userId),
          known ? { fromRevision: known.revision + 1 } : {},
        );
        const first = events[0];
        const base = known ?? {
          tenantId: first?.metadata.tenantId ?? '',
          state: credentialFold.initialState(),
          revision: -1,
        };
        current = {
          tenantId: base.tenantId,
          state: events.reduce(
            (state, event) => credentialFold.evolve(state, event as unknown as TimedUserEvent),
            base.state,
          ),
          revision: events.at(-1)?.revision ?? base.revision,
          head,
        };
        if (current.revision >= 0) remember(userId, current);
        else current = undefined;
      }
      if (!current || current.tenantId !== tenantId) return null;
      const user = current.state.user;
      return user.status === 'active' || user.status === 'disabled' ? user : null;
    },
  };
};
