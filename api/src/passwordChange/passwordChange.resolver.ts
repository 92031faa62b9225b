import { handleChangePassword } from '@resetline/domain';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppServices } from '../common/appServices.js';
import { commandMetadata } from '../common/metadata.js';
import { accountKey } from '../selfService/accountKey.js';
import type { RequestContext } from '../server/context.js';
import { PasswordChangeResult } from './passwordChange.type.js';

@Resolver()
export class PasswordChangeResolver {
  constructor(private readonly services: AppServices) {}

  @Mutation(() => PasswordChangeResult, {
    description:
      'Self-service change with the current password. A wrong one counts toward lockout; locked, disabled and unknown accounts fail like a wrong password.',
  })
  async changePassword(
    @Arg('tenant', () => String) tenant: string,
    @Arg('username', () => String) username: string,
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: RequestContext,
  ): Promise<PasswordChangeResult> {
    await ctx.rateLimits.consume('anonymousPerIp', ctx.ip);
    await ctx.rateLimits.consume('perAccount', accountKey(tenant, username));
    const input = { username, currentPassword, newPassword };
    await handleChangePassword(
      this.services.deps,
      input,
      commandMetadata(this.services, ctx, tenant),
    );
    return { changed: true, signInAgain: true };
  }
}
