import { handleStartPasswordReset } from '@resetline/domain';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppServices } from '../common/appServices.js';
import { commandMetadata } from '../common/metadata.js';
import { accountKey } from '../selfService/accountKey.js';
import { ResetPurpose } from '../selfService/enums.js';
import type { RequestContext } from '../server/context.js';
import { ResetFlow } from './resetFlow.type.js';

@Resolver()
export class ResetStartResolver {
  constructor(private readonly services: AppServices) {}

  @Mutation(() => ResetFlow, {
    description:
      'Starts a reset (or an unlock). Unknown, unregistered, locked, disabled and out-of-scope users get the same answer, and nothing is sent to them.',
  })
  async startPasswordReset(
    @Arg('tenant', () => String) tenant: string,
    @Arg('username', () => String) username: string,
    @Arg('purpose', () => ResetPurpose, { nullable: true }) purpose: 'reset' | 'unlock' | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ResetFlow> {
    await ctx.rateLimits.consume('anonymousPerIp', ctx.ip);
    await ctx.rateLimits.consume('perAccount', accountKey(tenant, username));
    const input = { username, purpose: purpose ?? 'reset' };
    return handleStartPasswordReset(
      this.services.deps,
      input,
      commandMetadata(this.services, ctx, tenant),
    );
  }
}
