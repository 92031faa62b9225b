import {
  handleRegisterSecurityQuestions,
  handleRemoveSecurityInfo,
  handleReviewSecurityInfo,
} from '@resetline/domain';
import { Arg, Authorized, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import { PasswordChangeFirst } from '../selfService/passwordChangeFirst.js';
import { sessionMetadata } from '../selfService/sessionMetadata.js';
import { SecurityQuestionAnswerInput, toAnswerRegistration } from './registration.input.js';
import { SecurityInfoConfirmed } from './registration.type.js';

/** Security questions, removal and periodic review of registered security info. */
@Resolver()
export class SecurityInfoResolver {
  constructor(private readonly services: AppServices) {}

  @Authorized()
  @UseMiddleware(PasswordChangeFirst)
  @Mutation(() => SecurityInfoConfirmed, { description: 'Not available to administrators.' })
  registerSecurityQuestions(
    @Arg('answers', () => [SecurityQuestionAnswerInput]) answers: SecurityQuestionAnswerInput[],
    @Ctx() ctx: RequestContext,
  ) {
    const input = { answers: answers.map(toAnswerRegistration) };
    return handleRegisterSecurityQuestions(
      this.services.deps,
      input,
      sessionMetadata(this.services, ctx),
    );
  }

  @Authorized()
  @UseMiddleware(PasswordChangeFirst)
  @Mutation(() => Boolean)
  async removeSecurityInfo(
    @Arg('methodId', () => String) methodId: string,
    @Ctx() ctx: RequestContext,
  ) {
    await handleRemoveSecurityInfo(
      this.services.deps,
      methodId,
      sessionMetadata(this.services, ctx),
    );
    return true;
  }

  @Authorized()
  @UseMiddleware(PasswordChangeFirst)
  @Mutation(() => Boolean, {
    description: 'Re-confirms that the registered security info is still right.',
  })
  async reviewSecurityInfo(@Ctx() ctx: RequestContext) {
    await handleReviewSecurityInfo(this.services.deps, sessionMetadata(this.services, ctx));
    return true;
  }
}
