import { UnauthenticatedError, type CommandMetadata } from '@resetline/domain';
import type { AppServices } from '../common/appServices.js';
import { commandMetadata } from '../common/metadata.js';
import type { SessionClaims } from '../auth/sessionTokens.js';
import type { RequestContext } from '../server/context.js';

/** The caller's session; `@Authorized()` has already checked that it is live. */
export const sessionOf = (ctx: RequestContext): SessionClaims => {
  if (!ctx.session) throw new UnauthenticatedError('SignInRequired', 'Sign in first');
  return ctx.session;
};

/** Metadata for a command the signed-in user runs on their own account, in their tenant. */
export const sessionMetadata = (services: AppServices, ctx: RequestContext): CommandMetadata =>
  commandMetadata(services, ctx, sessionOf(ctx).tenantId);
