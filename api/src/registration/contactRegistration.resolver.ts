import {
  handleConfirmSecurityInfo,
  handleRegisterEmail,
  handleRegisterPhone,
} from '@resetline/domain';
import { Arg, Authorized, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import { DeliveryChannel, PhoneKind } from '../selfService/enums.js';
import { PasswordChangeFirst } from '../selfService/passwordChangeFirst.js';
import { sessionMetadata } from '../selfService/sessionMetadata.js';
import { SecurityInfoConfirmed, VerificationStarted } from './registration.type.js';

/** Email and phone registration: a code goes to the contact, and its confirmation registers it. */
@Resolver()
export class ContactRegistrationResolver {
  constructor(private readonly services: AppServices) {}

  @Authorized()
  @UseMiddleware(PasswordChangeFirst)
  @Mutation(() => VerificationStarted, { description: 'Sends an 8-digit code to the address.' })
  registerEmail(@Arg('address', () => String) address: string, @Ctx() ctx: RequestContext) {
    return handleRegisterEmail(
      this.services.deps,
      { address },
      sessionMetadata(this.services, ctx),
    );
  }

  @Authorized()
  @UseMiddleware(PasswordChangeFirst)
  @Mutation(() => VerificationStarted, { description: 'Sends a 6-digit code by SMS or a call.' })
  registerPhone(
    @Arg('method', () => PhoneKind) method: keyof typeof PhoneKind,
    @Arg('number', () => String) number: string,
    @Arg('channel', () => DeliveryChannel, { nullable: true }) channel: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    const input = { method, number, ...(channel ? { channel } : {}) };
    return handleRegisterPhone(this.services.deps, input, sessionMetadata(this.services, ctx));
  }

  @Authorized()
  @UseMiddleware(PasswordChangeFirst)
  @Mutation(() => SecurityInfoConfirmed, {
    description: 'Confirms a pending email only. Five wrong codes drop the verification.',
  })
  confirmEmail(
    @Arg('methodId', () => String) methodId: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: RequestContext,
  ) {
    return handleConfirmSecurityInfo(
      this.services.deps,
      { methodId, code },
      sessionMetadata(this.services, ctx),
      'email',
    );
  }

  @Authorized()
  @UseMiddleware(PasswordChangeFirst)
  @Mutation(() => SecurityInfoConfirmed, {
    description: 'Confirms a pending phone only. Five wrong codes drop the verification.',
  })
  confirmPhone(
    @Arg('methodId', () => String) methodId: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: RequestContext,
  ) {
    return handleConfirmSecurityInfo(
      this.services.deps,
      { methodId, code },
      sessionMetadata(this.services, ctx),
      'phone',
    );
  }
}
