import { ForbiddenError } from '@resetline/domain';
import type { MiddlewareFn } from 'type-graphql';
import type { RequestContext } from '../server/context.js';

/**
 * A session that must change its password first may only change it and read `me`: it cannot
 * register or remove security info with a password an admin (or an attacker) may know.
 */
export const PasswordChangeFirst: MiddlewareFn<RequestContext> = async ({ context }, next) => {
  if (context.session?.mustChangePassword) {
    throw new ForbiddenError(
      'PasswordChangeRequired',
      'Change your password before managing your security info',
    );
  }
  return next();
};
