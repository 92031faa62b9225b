import { ForbiddenError, IllegalStateError, NotFoundError } from '../core/index.js';
import { isAdmin, type MethodKind } from '../policy/index.js';
import { ssprCoverage, type SsprCoverage } from '../tenant/ssprCoverage.js';
import {
  evolveUser,
  type ExistingUser,
  type PendingVerification,
  type UserEvent,
  type UserEventOf,
  type UserState,
} from '../user/user.js';
import { maskEmail, maskPhone } from './masking.js';

import {
  contactMethods,
  MAX_REGISTRATION_CODE_FAILURES,
  type ConfirmAuthenticator,
  type ContactKind,
  type ConfirmSecurityInfo,
  type RegisterEmail,
  type RegisterPhone,
  type RegisterSecurityQuestions,
  type RegistrationCommand,
  type RegistrationContext,
  type RemoveSecurityInfo,
  type ReviewSecurityInfo,
} from './commands.js';

export * from './commands.js';

/** Registered methods that count for this user under the current policy. */
export const usableMethods = (user: ExistingUser, coverage: SsprCoverage): MethodKind[] =>
  user.methods.map((m) => m.method).filter((method) => coverage.allowedMethods.includes(method));

export const meetsRequirement = (user: ExistingUser, coverage: SsprCoverage): boolean =>
  !user.reregistrationRequired && usableMethods(user, coverage).length >= coverage.gatesRequired;

const activeUser = (state: UserState): ExistingUser => {
  if (state.status === 'active') return state;
  if (state.status === 'disabled')
    throw new ForbiddenError('UserDisabled', 'The account is disabled');
  throw new NotFoundError('UserNotFound', 'The user does not exist');
};

/** The user may register `method`: SSPR covers them and their policy allows it. */
const assertMayRegister = (
  user: ExistingUser,
  method: MethodKind,
  context: RegistrationContext,
): SsprCoverage => {
  const coverage = ssprCoverage(context.tenant, user);
  if (method === 'securityQuestions' && isAdmin(user.roles)) {
    throw new ForbiddenError(
      'QuestionsNotAllowedForAdmins',
      'Administrators cannot use security questions',
    );
  }
  if (!coverage.enabled) {
    throw new ForbiddenError(
      'SelfServiceNotEnabled',
      'Self-service password reset is not enabled for this user',
      { gap: coverage.gap },
    );
  }
  if (!coverage.allowedMethods.includes(method)) {
    throw new ForbiddenError(
      'MethodNotAllowed',
      `The policy does not allow ${method} as a method`,
      { method },
    );
  }
  return coverage;
};

/** Before an authenticator secret is drawn: the same rules as registering any method. */
export const assertMayRegisterAuthenticator = (
  state: UserState,
  context: RegistrationContext,
): ExistingUser => {
  const user = activeUser(state);
  assertMayRegister(user, 'authenticator', context);
  return user;
};

/** Registers and, when this is what first meets the tenant's requirement, says so. */
const registered = (
  user: ExistingUser,
  coverage: SsprCoverage,
  event: UserEventOf<'SecurityInfoRegistered'>,
): UserEvent[] => {
  const after = evolveUser(user, event) as ExistingUser;
  if (meetsRequirement(user, coverage) || !meetsRequirement(after, coverage)) return [event];
  return [
    event,
    { type: 'RequiredSecurityInfoRegistered', data: { methods: usableMethods(after, coverage) } },
  ];
};

export const registerEmail = (
  command: RegisterEmail,
  state: UserState,
  context: RegistrationContext,
): UserEvent[] => {
  const user = activeUser(state);
  assertMayRegister(user, 'email', context);
  const { methodId, address, codeHash, sealedCode, expiresAt } = command.data;
  return [
    {
      type: 'SecurityInfoVerificationRequested',
      data: {
        methodId,
        method: 'email',
        target: address,
        maskedTarget: maskEmail(address),
        channel: 'email',
        codeHash,
        sealedCode,
        expiresAt,
      },
    },
  ];
};

/** Office phones take calls only (Entra); mobiles take SMS or a call. */
export const registerPhone = (
  command: RegisterPhone,
  state: UserState,
  context: RegistrationContext,
): UserEvent[] => {
  const user = activeUser(state);
  const { methodId, method, number, channel, codeHash, sealedCode, expiresAt } = command.data;
  assertMayRegister(user, method, context);
  if (method === 'officePhone' && channel !== 'voice') {
    throw new IllegalStateError(
      'OfficePhoneVoiceOnly',
      'An office phone can only be verified by a call',
    );
  }
  return [
    {
      type: 'SecurityInfoVerificationRequested',
      data: {
        methodId,
        method,
        target: number,
        maskedTarget: maskPhone(number),
        channel,
        codeHash,
        sealedCode,
        expiresAt,
      },
    },
  ];
};

/** A pending verification that can still be confirmed: five wrong codes drop it. */
/**
 * The verification waiting for `methodId`, if it may still be confirmed: of the `expected` kind
 * when one is given. Another kind's id is as unknown as a made-up one, and no code is compared
 * or counted for it: nothing is guessed, so nothing is spent.
 */
export const openVerification = (
  user: ExistingUser,
  methodId: string,
  expected?: ContactKind,
): PendingVerification | undefined =>
  user.pendingVerifications.find(
    (p) =>
      p.methodId === methodId &&
      p.failures < MAX_REGISTRATION_CODE_FAILURES &&
      (expected === undefined || contactMethods[expected].includes(p.method)),
  );

export const confirmSecurityInfo = (
  command: ConfirmSecurityInfo,
  state: UserState,
  context: RegistrationContext,
): UserEvent[] => {
  const user = activeUser(state);
  const { methodId, codeMatches, expected } = command.data;
  const pending = openVerification(user, methodId, expected);
  if (!pending) {
    const what = expected ? `${expected} verification` : 'verification';
    throw new NotFoundError(
      'NoPendingVerification',
      `There is no ${what} waiting for this method: request a new code`,
    );
  }
  const coverage = assertMayRegister(user, pending.method, context);
  if (command.metadata.now.getTime() > pending.expiresAt.getTime()) {
    throw new IllegalStateError(
      'VerificationCodeExpired',
      'The code has expired: request a new one',
    );
  }
  if (!codeMatches) {
    return [
      {
        type: 'SecurityInfoVerificationFailed',
        data: { methodId, failures: pending.failures + 1 },
      },
    ];
  }
  const { method, target, maskedTarget } = pending;
  return registered(user, coverage, {
    type: 'SecurityInfoRegistered',
    data: { methodId, method, target, maskedTarget },
  });
};

export const registerSecurityQuestions = (
  command: RegisterSecurityQuestions,
  state: UserState,
  context: RegistrationContext,
): UserEvent[] => {
  const user = activeUser(state);
  const coverage = assertMayRegister(user, 'securityQuestions', context);
  const { methodId, questions } = command.data;
  const required = context.tenant.ssprPolicy.securityQuestions.toRegister;
  if (questions.length !== required) {
    throw new IllegalStateError(
      'WrongNumberOfSecurityQuestions',
      `Register exactly ${required} security questions`,
      { required },
    );
  }
  return registered(user, coverage, {
    type: 'SecurityInfoRegistered',
    data: { methodId, method: 'securityQuestions', questions: questions.map((q) => ({ ...q })) },
  });
};

export const confirmAuthenticator = (
  command: ConfirmAuthenticator,
  state: UserState,
  context: RegistrationContext,
): UserEvent[] => {
  const user = activeUser(state);
  const coverage = assertMayRegister(user, 'authenticator', context);
  const { methodId, sealedTotpSecret, totpStep, failuresSoFar } = command.data;
  if (
    failuresSoFar >= MAX_REGISTRATION_CODE_FAILURES ||
    user.methods.some((m) => m.methodId === methodId)
  ) {
    throw new NotFoundError(
      'NoPendingVerification',
      'This authenticator enrolment is no longer open: start again',
    );
  }
  if (totpStep === null) {
    return [
      { type: 'SecurityInfoVerificationFailed', data: { methodId, failures: failuresSoFar + 1 } },
    ];
  }
  return registered(user, coverage, {
    type: 'SecurityInfoRegistered',
    data: {
      methodId,
      method: 'authenticator',
      maskedTarget: 'Authenticator app',
      sealedTotpSecret,
      totpStep,
    },
  });
};

export const reviewSecurityInfo = (_command: ReviewSecurityInfo, state: UserState): UserEvent[] => {
  const user = activeUser(state);
  if (user.reregistrationRequired) {
    throw new IllegalStateError(
      'ReregistrationRequired',
      'Your administrator asked you to register your security info again',
    );
  }
  if (user.methods.length === 0)
    throw new IllegalStateError('NothingToReview', 'There is no security info to review yet');
  return [{ type: 'SecurityInfoReviewed', data: {} }];
};

/**
 * Where the tenant requires registration, a user who meets the requirement cannot remove the
 * method that would take them below it: they register a replacement first.
 */
export const removeSecurityInfo = (
  command: RemoveSecurityInfo,
  state: UserState,
  context: RegistrationContext,
): UserEvent[] => {
  const user = activeUser(state);
  const method = user.methods.find((m) => m.methodId === command.data.methodId);
  if (!method) throw new NotFoundError('SecurityInfoNotFound', 'You have no such security info');
  const removed: UserEvent = {
    type: 'SecurityInfoRemoved',
    data: { methodId: method.methodId, method: method.method, byAdmin: false },
  };
  const coverage = ssprCoverage(context.tenant, user);
  const required = coverage.enabled && context.tenant.ssprPolicy.requireRegistrationAtSignIn;
  const after = evolveUser(user, removed) as ExistingUser;
  if (required && meetsRequirement(user, coverage) && !meetsRequirement(after, coverage)) {
    throw new IllegalStateError(
      'RequiredSecurityInfo',
      'Register another method before removing this one: your organization requires it',
      {
        gatesRequired: coverage.gatesRequired,
      },
    );
  }
  return [removed];
};

export const decideRegistration = (
  command: RegistrationCommand,
  state: UserState,
  context: RegistrationContext,
): UserEvent[] => {
  switch (command.type) {
    case 'RegisterEmail':
      return registerEmail(command, state, context);
    case 'RegisterPhone':
      return registerPhone(command, state, context);
    case 'ConfirmSecurityInfo':
      return confirmSecurityInfo(command, state, context);
    case 'RegisterSecurityQuestions':
      return registerSecurityQuestions(command, state, context);
    case 'ConfirmAuthenticator':
      return confirmAuthenticator(command, state, context);
    case 'ReviewSecurityInfo':
      return reviewSecurityInfo(command, state);
    case 'RemoveSecurityInfo':
      return removeSecurityInfo(command, state, context);
    default: {
      const _exhaustive: never = command;
      throw new Error(`Unknown registration command ${JSON.stringify(_exhaustive)}`);
    }
  }
};
