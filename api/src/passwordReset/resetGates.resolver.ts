import {
  handleAnswerSecurityQuestions,
  handleSendResetCode,
  handleVerifyResetCode,
  type DeliveryChannel as Channel,
} from '@resetline/domain';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppServices } from '../common/appServices.js';
import { DeliveryChannel } from '../selfService/enums.js';
import type { RequestContext } from '../server/context.js';
import { flowCall } from './flowCall.js';
import { SecurityAnswerInput } from './resetFlow.input.js';
import { ResetCodeSent, ResetGateProgress } from './resetFlow.type.js';

/** The gates of a flow. Five wrong codes or answer sets in one flow end it. */
@Resolver()
export class ResetGatesResolver {
  constructor(private readonly services: AppServices) {}

  @Mutation(() => ResetCodeSent, { description: 'A new code does not reset the failure count.' })
  async sendResetCode(
    @Arg('flowId', () => String) flowId: string,
    @Arg('methodId', () => String) methodId: string,
    @Arg('channel', () => DeliveryChannel, { nullable: true }) channel: Channel | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ResetCodeSent> {
    const metadata = await flowCall(this.services, ctx, flowId);
    return handleSendResetCode(
      this.services.deps,
      { flowId, methodId, channel: channel ?? undefined },
      metadata,
    );
  }

  @Mutation(() => ResetGateProgress, { description: 'A sent code, or an authenticator code.' })
  async verifyResetCode(
    @Arg('flowId', () => String) flowId: string,
    @Arg('methodId', () => String) methodId: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ResetGateProgress> {
    const metadata = await flowCall(this.services, ctx, flowId);
    return handleVerifyResetCode(this.services.deps, { flowId, methodId, code }, metadata);
  }

  @Mutation(() => ResetGateProgress, { description: 'A wrong set also counts toward lockout.' })
  async answerSecurityQuestions(
    @Arg('flowId', () => String) flowId: string,
    @Arg('answers', () => [SecurityAnswerInput]) answers: SecurityAnswerInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<ResetGateProgress> {
    const metadata = await flowCall(this.services, ctx, flowId);
    return handleAnswerSecurityQuestions(this.services.deps, { flowId, answers }, metadata);
  }
}
