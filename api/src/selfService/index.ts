import type { AppServices } from '../common/appServices.js';
import { MeResolver } from '../me/me.resolver.js';
import { PasswordChangeResolver } from '../passwordChange/passwordChange.resolver.js';
import { ResetFinishResolver } from '../passwordReset/resetFinish.resolver.js';
import { ResetGatesResolver } from '../passwordReset/resetGates.resolver.js';
import { ResetStartResolver } from '../passwordReset/resetStart.resolver.js';
import { AuthenticatorResolver } from '../registration/authenticator.resolver.js';
import { ContactRegistrationResolver } from '../registration/contactRegistration.resolver.js';
import { SecurityInfoResolver } from '../registration/securityInfo.resolver.js';

/** Resolvers of the end-user side (reset flow, change, registration, me). */
export const selfServiceResolvers: ReadonlyArray<new (services: AppServices) => object> = [
  ResetStartResolver,
  ResetGatesResolver,
  ResetFinishResolver,
  PasswordChangeResolver,
  ContactRegistrationResolver,
  SecurityInfoResolver,
  AuthenticatorResolver,
  MeResolver,
];
