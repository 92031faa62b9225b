import type { Actor, CommandMetadata } from '@resetline/domain';
import type { RequestContext } from '../server/context.js';
import type { AppServices } from './appServices.js';

/** Command metadata for a call: the time comes from the Clock port, the rest from the request. */
export const commandMetadata = (
  services: AppServices,
  ctx: RequestContext,
  tenantId: string,
  actor?: Actor,
): CommandMetadata => ({
  now: services.deps.clock.now(),
  tenantId,
  actor:
    actor ??
    (ctx.session
      ? {
          kind: ctx.session.roles.some((r) => r !== 'user') ? 'admin' : 'user',
          id: ctx.session.userId,
        }
      : { kind: 'anonymous', id: ctx.ip }),
  correlationId: ctx.correlationId,
  ip: ctx.ip,
  userAgent: ctx.userAgent,
});
