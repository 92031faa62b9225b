import { z } from 'zod';
import {
  handleCommand,
  UnauthenticatedError,
  ValidationError,
  type CommandMetadata,
  type ServiceDeps,
  type StreamState,
} from '../core/index.js';
import { checkSecurityQuestionsRegistration } from '../securityQuestions/index.js';
import { parseInput } from '../tenant/parseInput.js';
import { loadActiveTenant } from '../tenant/service.js';
import type { ActiveTenant } from '../tenant/tenant.js';
import { assertUserInTenant, loadUserInTenant } from '../user/acting.js';
import { userFold } from '../user/businessLogic.js';
import { userStreamId, type UserEvent, type UserState } from '../user/user.js';
import {
  EMAIL_CODE_DIGITS,
  MAX_REGISTRATION_CODE_FAILURES,
  openVerification,
  PHONE_CODE_DIGITS,
  REGISTRATION_CODE_VALIDITY_MS,
  confirmCodeSchema,
  confirmSecurityInfo,
  registerEmail,
  registerEmailSchema,
  registerPhone,
  registerPhoneSchema,
  registerSecurityQuestions,
  removeSecurityInfo,
  reviewSecurityInfo,
  type ContactKind,
  type RegisterSecurityQuestions,
  type RegistrationContext,
} from './businessLogic.js';
import { maskEmail, maskPhone, normalizePhoneNumber } from './masking.js';
import { registrationStatus, type RegistrationStatus } from './registrationStatus.js';

/** The signed-in user registers their own security info: the actor is the user. */
export const signedInUserId = (metadata: CommandMetadata): string => {
  if (metadata.actor.kind === 'system' || metadata.actor.kind === 'anonymous') {
    throw new UnauthenticatedError('SignInRequired', 'Sign in to manage your security info');
  }
  return metadata.actor.id;
};

type Decide = (
  state: UserState,
  context: RegistrationContext,
  loaded: StreamState<UserState>,
) => UserEvent[];

export const runRegistration = async (
  deps: ServiceDeps,
  metadata: CommandMetadata,
  decide: Decide,
  tenant?: ActiveTenant,
) => {
  const userId = signedInUserId(metadata);
  const context = { tenant: tenant ?? (await loadActiveTenant(deps, metadata.tenantId)) };
  return handleCommand(deps, userStreamId(userId), userFold, metadata, (state, loaded) => {
    assertUserInTenant(loaded, metadata.tenantId, userId);
    return decide(state, context, loaded);
  });
};

/** The code exists only here and, sealed, in the event the delivery worker reads. */
const issueCode = (deps: ServiceDeps, methodId: string, digits: number, now: Date) => {
  const code = deps.random.digits(digits);
  return {
    codeHash: deps.codeHasher.hash(`registration:${methodId}`, code),
    sealedCode: deps.secretBox.seal(code),
    expiresAt: new Date(now.getTime() + REGISTRATION_CODE_VALIDITY_MS).toISOString(),
  };
};

export type VerificationStarted = Readonly<{
  methodId: string;
  maskedTarget: string;
  expiresAt: string;
}>;

export const handleRegisterEmail = async (
  deps: ServiceDeps,
  input: unknown,
  metadata: CommandMetadata,
): Promise<VerificationStarted> => {
  const { address } = parseInput(registerEmailSchema, input, 'InvalidEmail', 'email address');
  const methodId = deps.random.uuidv7();
  const code = issueCode(deps, methodId, EMAIL_CODE_DIGITS, metadata.now);
  await runRegistration(deps, metadata, (state, context) =>
    registerEmail(
      { type: 'RegisterEmail', data: { methodId, address, ...code }, metadata },
      state,
      context,
    ),
  );
  return { methodId, maskedTarget: maskEmail(address), expiresAt: code.expiresAt };
};

export const handleRegisterPhone = async (
  deps: ServiceDeps,
  input: unknown,
  metadata: CommandMetadata,
): Promise<VerificationStarted> => {
  const parsed = parseInput(registerPhoneSchema, input, 'InvalidPhone', 'phone');
  const { method, number: raw } = parsed;
  const channel = parsed.channel ?? (method === 'officePhone' ? 'voice' : 'sms');
  const number = normalizePhoneNumber(raw);
  const methodId = deps.random.uuidv7();
  const code = issueCode(deps, methodId, PHONE_CODE_DIGITS, metadata.now);
  await runRegistration(deps, metadata, (state, context) =>
    registerPhone(
      { type: 'RegisterPhone', data: { methodId, method, number, channel, ...code }, metadata },
      state,
      context,
    ),
  );
  return { methodId, maskedTarget: maskPhone(number), expiresAt: code.expiresAt };
};

export type SecurityInfoConfirmed = Readonly<{ methodId: string; requirementMet: boolean }>;

/** A wrong code is recorded first, then refused: the count survives the error. */
export const throwIfVerificationFailed = (events: readonly UserEvent[]): void => {
  const failed = events.find((e) => e.type === 'SecurityInfoVerificationFailed');
  if (!failed) return;
  const attemptsLeft = MAX_REGISTRATION_CODE_FAILURES - failed.data.failures;
  if (attemptsLeft <= 0) {
    throw new ValidationError(
      'VerificationAttemptsExhausted',
      'Too many wrong codes: start the registration again',
    );
  }
  throw new ValidationError('WrongVerificationCode', 'The code is not right', { attemptsLeft });
};

const confirmed = (methodId: string, events: readonly UserEvent[]): SecurityInfoConfirmed => ({
  methodId,
  requirementMet: events.some((e) => e.type === 'RequiredSecurityInfoRegistered'),
});

/** `expected` limits the confirmation to one kind of contact (`confirmEmail`, `confirmPhone`). */
export const handleConfirmSecurityInfo = async (
  deps: ServiceDeps,
  input: unknown,
  metadata: CommandMetadata,
  expected?: ContactKind,
): Promise<SecurityInfoConfirmed> => {
  const { methodId, code } = parseInput(confirmCodeSchema, input, 'InvalidCode', 'confirmation');
  const { newEvents } = await runRegistration(deps, metadata, (state, context) => {
    const pending =
      state.status === 'active' ? openVerification(state, methodId, expected) : undefined;
    const codeMatches =
      pending !== undefined &&
      deps.codeHasher.verify(`registration:${methodId}`, code, pending.codeHash);
    return confirmSecurityInfo(
      { type: 'ConfirmSecurityInfo', data: { methodId, codeMatches, expected }, metadata },
      state,
      context,
    );
  });
  throwIfVerificationFailed(newEvents);
  return confirmed(methodId, newEvents);
};

const questionRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('predefined'), id: z.string().min(1).max(100) }),
  z.object({ kind: z.literal('custom'), text: z.string().min(1).max(400) }),
]);
export const registerSecurityQuestionsSchema = z.object({
  answers: z.array(z.object({ question: questionRefSchema, answer: z.string().max(400) })).max(5),
});

/**
 * Answers are checked (count, known questions, length, no repeats), normalized and argon2id
 * hashed; the decision runs once before hashing so an admin is refused without the cost.
 */
export const handleRegisterSecurityQuestions = async (
  deps: ServiceDeps,
  input: unknown,
  metadata: CommandMetadata,
): Promise<SecurityInfoConfirmed> => {
  const { answers } = parseInput(
    registerSecurityQuestionsSchema,
    input,
    'InvalidSecurityQuestions',
    'security questions',
  );
  const tenant = await loadActiveTenant(deps, metadata.tenantId);
  const checked = checkSecurityQuestionsRegistration(answers, tenant.ssprPolicy.securityQuestions);
  const methodId = deps.random.uuidv7();
  const command = (
    questions: { question: string; answerHash: string }[],
  ): RegisterSecurityQuestions => ({
    type: 'RegisterSecurityQuestions',
    data: { methodId, questions },
    metadata,
  });
  const user = await loadUserInTenant(deps.eventStore, tenant.tenantId, signedInUserId(metadata));
  registerSecurityQuestions(
    command(checked.map((a) => ({ question: a.text, answerHash: '-' }))),
    user ?? { status: 'none' },
    { tenant },
  );
  const questions = await Promise.all(
    checked.map(async (a) => ({
      question: a.text,
      answerHash: await deps.passwordHasher.hash(a.normalizedAnswer),
    })),
  );
  const { newEvents } = await runRegistration(
    deps,
    metadata,
    (state, context) => registerSecurityQuestions(command(questions), state, context),
    tenant,
  );
  return confirmed(methodId, newEvents);
};

export const handleReviewSecurityInfo = async (
  deps: ServiceDeps,
  metadata: CommandMetadata,
): Promise<void> => {
  await runRegistration(deps, metadata, (state) =>
    reviewSecurityInfo({ type: 'ReviewSecurityInfo', data: {}, metadata }, state),
  );
};

export const handleRemoveSecurityInfo = async (
  deps: ServiceDeps,
  methodId: string,
  metadata: CommandMetadata,
): Promise<void> => {
  await runRegistration(deps, metadata, (state, context) =>
    removeSecurityInfo(
      { type: 'RemoveSecurityInfo', data: { methodId }, metadata },
      state,
      context,
    ),
  );
};

/** The signed-in user's registration status, or null when the user is unknown in this tenant. */
export const getRegistrationStatus = async (
  deps: Pick<ServiceDeps, 'eventStore'>,
  tenantId: string,
  userId: string,
  now: Date,
): Promise<RegistrationStatus | null> => {
  const [tenant, user] = await Promise.all([
    loadActiveTenant(deps, tenantId),
    loadUserInTenant(deps.eventStore, tenantId, userId),
  ]);
  return user ? registrationStatus(user, tenant, now) : null;
};
