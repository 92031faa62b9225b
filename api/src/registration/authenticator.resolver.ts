import { handleConfirmAuthenticator, handleRegisterAuthenticator } from '@resetline/domain';
import { Arg, Authorized, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import { PasswordChangeFirst } from '../selfService/passwordChangeFirst.js';
import { sessionMetadata } from '../selfService/sessionMetadata.js';
import { AuthenticatorEnrolment, SecurityInfoConfirmed } from './registration.type.js';

/** Authenticator apps (TOTP): enrol, then confirm with the first code the app shows. */
@Resolver()
export class AuthenticatorResolver {
  constructor(private readonly services: AppServices) {}

  @Authorized()
  @UseMiddleware(PasswordChangeFirst)
  @Mutation(() => AuthenticatorEnrolment)
  registerAuthenticator(@Ctx() ctx: RequestContext) {
    return handleRegisterAuthenticator(this.services.deps, sessionMetadata(this.services, ctx));
  }

  @Authorized()
  @UseMiddleware(PasswordChangeFirst)
  @Mutation(() => SecurityInfoConfirmed, { description: 'Five wrong codes end the enrolment.' })
  confirmAuthenticator(
    @Arg('enrolmentToken', () => String) enrolmentToken: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: RequestContext,
  ) {
    const input = { enrolmentToken, code };
    return handleConfirmAuthenticator(
      this.services.deps,
      input,
      sessionMetadata(this.services, ctx),
    );
  }
}
