import {
  NotFoundError,
  resetStreamId,
  type EventStore,
  type ResetEventOf,
} from '@resetline/domain';

/** Flow ids are base64url CSPRNG tokens; anything else is not worth a read. */
const FLOW_ID_FORMAT = /^[A-Za-z0-9_-]{22,64}$/;

export type FlowOwner = Readonly<{ tenantId: string; username: string }>;

/**
 * The flow id is the capability: the tenant and the account come from the flow's first event,
 * never from the caller. An unknown id and a malformed one answer alike.
 */
export const flowOwner = async (store: EventStore, flowId: string): Promise<FlowOwner> => {
  const [started] = FLOW_ID_FORMAT.test(flowId)
    ? await store.readStream(resetStreamId(flowId), { maxCount: 1 })
    : [];
  if (started?.type !== 'PasswordResetStarted') {
    throw new NotFoundError('UnknownFlow', 'This reset flow does not exist');
  }
  const { username } = started.data as ResetEventOf<'PasswordResetStarted'>['data'];
  return { tenantId: started.metadata.tenantId, username };
};
