import { UnauthenticatedError, ValidationError, type CommandMetadata } from '@resetline/domain';
import type { SessionClaims } from '../auth/sessionTokens.js';
import type { AppServices } from '../common/appServices.js';
import { commandMetadata } from '../common/metadata.js';
import type { RequestContext } from '../server/context.js';

/** The caller's session; `@Authorized` has already checked it is live. */
export const sessionOf = (ctx: RequestContext): SessionClaims => {
  if (!ctx.session) throw new UnauthenticatedError('SignInRequired', 'Sign in first');
  return ctx.session;
};

/** Admin commands always act in the caller's own tenant: no operation takes a tenant argument. */
export const adminMetadata = (services: AppServices, ctx: RequestContext): CommandMetadata =>
  commandMetadata(services, ctx, sessionOf(ctx).tenantId);

const MAX_ID_LENGTH = 128;

/** Ids become stream names: refuse anything that cannot be one of ours before reading. */
export const assertId = (id: string, label: string): string => {
  if (id.length === 0 || id.length > MAX_ID_LENGTH || !/^[\w-]+$/.test(id)) {
    throw new ValidationError('InvalidId', `${label} is not a valid id`);
  }
  return id;
};

/** GraphQL passes explicit nulls; the domain's schemas treat a missing field as "not given". */
export const withoutNulls = <T extends object>(input: T): Partial<T> =>
  Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== null && v !== undefined),
  ) as Partial<T>;

/** A policy patch as the domain merges it: no nulls, no unset fields, one level deep. */
export const toPatch = <T extends object>(input: T): Partial<T> =>
  Object.fromEntries(
    Object.entries(withoutNulls(input)).map(([k, v]) => [
      k,
      typeof v === 'object' && !Array.isArray(v) ? withoutNulls(v as object) : v,
    ]),
  ) as Partial<T>;
