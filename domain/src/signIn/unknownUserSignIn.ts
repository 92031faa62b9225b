import { toEventMetadata, type CommandMetadata, type ServiceDeps } from '../core/index.js';
import { unknownSignInsStreamId, type UserEventOf } from '../user/user.js';

/**
 * Records a sign-in for a name no user holds. A known user's failure appends to their stream, so
 * this appends too: both refusals cost one durable write and timing does not tell them apart.
 * Nothing decides on this stream, so it is appended without reading (`any`): it only grows.
 */
export const recordUnknownUserSignIn = async (
  deps: Pick<ServiceDeps, 'eventStore' | 'random'>,
  username: string,
  metadata: CommandMetadata,
): Promise<void> => {
  const event: UserEventOf<'UnknownUserSignInFailed'> = {
    type: 'UnknownUserSignInFailed',
    data: { username },
  };
  await deps.eventStore.appendToStream(
    unknownSignInsStreamId(metadata.tenantId),
    [
      {
        id: deps.random.uuidv7(),
        type: event.type,
        data: event.data,
        metadata: toEventMetadata(metadata),
        occurredAt: metadata.now,
      },
    ],
    { expectedRevision: 'any' },
  );
};
