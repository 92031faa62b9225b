import type { CommandMetadata } from '@resetline/domain';
import type { AppServices } from '../common/appServices.js';
import { commandMetadata } from '../common/metadata.js';
import { accountKey } from '../selfService/accountKey.js';
import type { RequestContext } from '../server/context.js';
import { flowOwner } from './flowOwner.js';

/**
 * The rate limits and metadata of an anonymous call on a flow: per IP first (before any read),
 * then per account, on the same key as the start, sign-in and change of that username.
 */
export const flowCall = async (
  services: AppServices,
  ctx: RequestContext,
  flowId: string,
): Promise<CommandMetadata> => {
  await ctx.rateLimits.consume('anonymousPerIp', ctx.ip);
  const owner = await flowOwner(services.deps.eventStore, flowId);
  await ctx.rateLimits.consume('perAccount', accountKey(owner.tenantId, owner.username));
  return commandMetadata(services, ctx, owner.tenantId);
};
