import { handleSignIn, loadAccount } from '@resetline/domain';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppServices } from '../common/appServices.js';
import { commandMetadata } from '../common/metadata.js';
import type { RequestContext } from '../server/context.js';
import { Session } from './signIn.type.js';

@Resolver()
export class SignInResolver {
  constructor(private readonly services: AppServices) {}

  @Mutation(() => Session, {
    description: 'Checks a password. Failures feed smart lockout; a locked account answers like a wrong password.',
  })
  async signIn(
    @Arg('tenant', () => String) tenant: string,
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Session> {
    await ctx.rateLimits.consume('anonymousPerIp', ctx.ip);
    await ctx.rateLimits.consume('perAccount', `${tenant}:${username.toLowerCase()}`);
    const result = await handleSignIn(this.services.deps, { username, password }, commandMetadata(this.services, ctx, tenant));
    const account = await loadAccount(this.services.deps.eventStore, tenant, result.userId);
    const token = await this.services.sessionTokens.issue({
      userId: result.userId,
      tenantId: tenant,
      roles: account?.user.roles ?? [],
      credentialVersion: result.credentialVersion,
      mustChangePassword: result.mustChangePassword,
    });
    return { token, userId: result.userId, mustChangePassword: result.mustChangePassword };
  }
}
