import { handleCompletePasswordReset, handleUnlockAccount } from '@resetline/domain';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import { flowCall } from './flowCall.js';
import { ResetFlowFinished } from './resetFlow.type.js';

/** The end of a flow whose gates all passed: a new password, or an unlock. */
@Resolver()
export class ResetFinishResolver {
  constructor(private readonly services: AppServices) {}

  @Mutation(() => ResetFlowFinished, {
    description: 'Sets the new password; clears lockout and ends every earlier session.',
  })
  async completePasswordReset(
    @Arg('flowId', () => String) flowId: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ResetFlowFinished> {
    const metadata = await flowCall(this.services, ctx, flowId);
    return handleCompletePasswordReset(this.services.deps, { flowId, newPassword }, metadata);
  }

  @Mutation(() => ResetFlowFinished, {
    description: 'Unlocks without a new password, where the policy allows it.',
  })
  async unlockAccount(
    @Arg('flowId', () => String) flowId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ResetFlowFinished> {
    const metadata = await flowCall(this.services, ctx, flowId);
    return handleUnlockAccount(this.services.deps, { flowId }, metadata);
  }
}
