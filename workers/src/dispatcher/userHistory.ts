import {
  evolveUser,
  initialUserState,
  resetStreamId,
  userStreamId,
  type EventStore,
  type ExistingUser,
  type UserEvent,
} from '@resetline/domain';

/**
 * A user as they were when an event was stored (folded up to its global position), so a replay
 * addresses the same people the first run did, whatever changed since.
 */
export async function userAsOf(
  eventStore: EventStore,
  userId: string,
  position: number,
): Promise<ExistingUser | undefined> {
  const events = await eventStore.readStream(userStreamId(userId));
  let state = initialUserState();
  for (const event of events) {
    if (event.position > position) break;
    state = evolveUser(state, event as unknown as UserEvent & { occurredAt: Date });
  }
  return state.status === 'active' || state.status === 'disabled' ? state : undefined;
}

/** The user a reset flow is for, from its first event. */
export async function flowUserId(eventStore: EventStore, flowId: string): Promise<string | null> {
  const [started] = await eventStore.readStream(resetStreamId(flowId), { maxCount: 1 });
  return ((started?.data as { userId?: string | null } | undefined)?.userId ?? null) || null;
}
