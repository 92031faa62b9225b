import { NotFoundError, userStreamId, type ServiceDeps } from '@resetline/domain';
import { assertId } from '../admin/adminContext.js';
import type { HistoryEvent } from './history.type.js';
import { redactEventData } from './redactEvent.js';

/**
 * The user's events, oldest first, redacted. A deleted user's history stays readable (the audit
 * trail outlives the account); another tenant's user is NOT_FOUND like an unknown one.
 */
export const userHistory = async (
  deps: ServiceDeps,
  tenantId: string,
  userId: string,
): Promise<HistoryEvent[]> => {
  const events = await deps.eventStore.readStream(userStreamId(assertId(userId, 'userId')));
  if (events[0]?.metadata.tenantId !== tenantId) {
    throw new NotFoundError('UserNotFound', `User ${userId} does not exist`);
  }
  return events.map((e) => ({
    id: e.id,
    type: e.type,
    occurredAt: e.occurredAt,
    revision: e.revision,
    position: e.position,
    actorKind: e.metadata.actor.kind,
    actorId: e.metadata.actor.id,
    correlationId: e.metadata.correlationId,
    ip: e.metadata.ip ?? null,
    data: redactEventData(e.data) as Record<string, unknown>,
  }));
};
