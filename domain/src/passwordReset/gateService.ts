import {
  handleCommand,
  ValidationError,
  type CommandMetadata,
  type ServiceDeps,
} from '../core/index.js';
import type { DeliveryChannel, MethodKind } from '../policy/index.js';
import { loadAccount, type Account } from '../signIn/accounts.js';
import { loadActiveTenant } from '../tenant/service.js';
import { credentialFold } from '../signIn/credentialState.js';
import { dummyHashFor } from '../signIn/passwordCheck.js';
import { userStreamId } from '../user/user.js';
import {
  attemptAllowed,
  decideResetAccount,
  type CountVerificationAttempt,
} from './accountBusinessLogic.js';
import { decideResetFlow, type CodeVerdict, type SendResetCode } from './businessLogic.js';
import { issueCode, judgeCode } from './codes.js';
import { appendToFlow, flowQuestions, loadUsableFlow } from './flows.js';
import {
  CODE_VALIDITY_MS,
  gatesPassed,
  MAX_CODE_FAILURES,
  type OfferedMethod,
  type OpenFlow,
  type ResetEvent,
  type ResetFlowState,
} from './passwordReset.js';
import { answersMatch, type SecurityAnswer } from './securityQuestionDraw.js';

export type GateResult = Readonly<{ gatesPassed: number; gatesRequired: 1 | 2 }>;
export type SendResetCodeResult = Readonly<{
  methodId: string;
  channel: DeliveryChannel;
  maskedTarget?: string | undefined;
  expiresAt: Date;
}>;

const defaultChannels: Readonly<Partial<Record<MethodKind, DeliveryChannel>>> = {
  email: 'email',
  mobilePhone: 'sms',
  officePhone: 'voice',
};

const flowAccount = (deps: ServiceDeps, flow: OpenFlow, metadata: CommandMetadata) =>
  flow.userId
    ? loadAccount(deps.eventStore, metadata.tenantId, flow.userId)
    : Promise.resolve(null);

const stillEligible = (flow: OpenFlow, account: Account | null): Account | null =>
  flow.eligible && account?.user.status === 'active' ? account : null;

/** The account behind an eligible flow, while it can still reset; null for everyone else. */
const eligibleAccount = async (
  deps: ServiceDeps,
  flow: OpenFlow,
  metadata: CommandMetadata,
): Promise<Account | null> => stillEligible(flow, await flowAccount(deps, flow, metadata));

/** Counts a delivery or a try against Entra's throttles; false when it must silently not happen. */
const countAttempt = async (
  deps: ServiceDeps,
  account: Account,
  data: CountVerificationAttempt['data'],
  metadata: CommandMetadata,
): Promise<boolean> => {
  const { newEvents } = await handleCommand(
    deps,
    userStreamId(account.userId),
    credentialFold,
    metadata,
    (state) => decideResetAccount({ type: 'CountVerificationAttempt', data, metadata }, state),
  );
  return attemptAllowed(newEvents);
};

const prepareDelivery = async (
  deps: ServiceDeps,
  flow: OpenFlow,
  { methodId, method }: OfferedMethod,
  metadata: CommandMetadata,
): Promise<SendResetCode['data']['delivery']> => {
  const account = await eligibleAccount(deps, flow, metadata);
  const registered = account?.user.methods.find((m) => m.method === method);
  if (!account || !registered?.target) return null;
  const kind = method === 'email' ? 'emailSent' : 'phoneVerification';
  if (!(await countAttempt(deps, account, { flowId: flow.flowId, kind }, metadata))) return null;
  const { codeHash, sealedCode } = issueCode(deps, flow.flowId, methodId, method);
  return {
    target: registered.target,
    maskedTarget: registered.maskedTarget ?? registered.target,
    codeHash,
    sealedCode,
  };
};

/**
 * Sends a one-time code for a method of the flow. Answers the same whether a code went out or
 * not (ineligible flow, throttled user): a RATE_LIMITED answer would prove the account exists.
 * User stream first (the throttle count), then the flow; a crash between counts one send extra.
 */
export const handleSendResetCode = async (
  deps: ServiceDeps,
  input: Readonly<{ flowId: string; methodId: string; channel?: DeliveryChannel | undefined }>,
  metadata: CommandMetadata,
): Promise<SendResetCodeResult> => {
  const flow = await loadUsableFlow(deps, input.flowId, metadata);
  const offered = flow.methods.find((m) => m.methodId === input.methodId);
  const channel = input.channel ?? (offered && defaultChannels[offered.method]) ?? 'email';
  const send = (delivery: SendResetCode['data']['delivery']): SendResetCode => ({
    type: 'SendResetCode',
    data: { methodId: input.methodId, channel, delivery },
    metadata,
  });
  decideResetFlow(send(null), flow); // refuses a bad method or channel before anything is counted
  const delivery = await prepareDelivery(deps, flow, offered!, metadata);
  await appendToFlow(deps, flow.flowId, send(delivery));
  const expiresAt = new Date(
    Math.min(metadata.now.getTime() + CODE_VALIDITY_MS, flow.expiresAt.getTime()),
  );
  return { methodId: input.methodId, channel, maskedTarget: offered!.maskedTarget, expiresAt };
};

/** Turns the flow's answer into the caller's: a passed gate, or the same refusal for everyone. */
const gateOutcome = (
  newEvents: readonly ResetEvent[],
  state: ResetFlowState,
  wrong: 'Code' | 'Answers',
): GateResult => {
  if (newEvents.some((e) => e.type === 'ResetGatePassed') && state.status === 'open') {
    return { gatesPassed: gatesPassed(state), gatesRequired: state.gatesRequired };
  }
  const failed = newEvents.find((e) => e.type === 'ResetGateFailed');
  const failures = failed?.type === 'ResetGateFailed' ? failed.data.failures : 0;
  if (newEvents.some((e) => e.type === 'PasswordResetFailed')) {
    throw new ValidationError(
      `TooManyWrong${wrong}`,
      'Too many wrong attempts: this reset has ended, start a new one',
    );
  }
  const message =
    wrong === 'Code' ? 'The code is wrong or has expired' : 'One or more answers are wrong';
  throw new ValidationError(wrong === 'Code' ? 'InvalidCode' : 'WrongAnswers', message, {
    attemptsLeft: MAX_CODE_FAILURES - failures,
  });
};

/**
 * Counts the try, then accepts the code's time step once for the user (in one append, so two
 * flows racing with the same code cannot both pass): a used-up step is refused as a replay.
 */
const judgeAuthenticator = async (
  deps: ServiceDeps,
  flow: OpenFlow,
  code: string,
  metadata: CommandMetadata,
): Promise<CodeVerdict> => {
  const account = await eligibleAccount(deps, flow, metadata);
  const registered = account?.user.methods.find((m) => m.method === 'authenticator');
  if (!account || !registered?.sealedTotpSecret) return 'wrongCode';
  const secret = deps.secretBox.open(registered.sealedTotpSecret);
  const step = deps.totp.verifyStep(secret, code, metadata.now);
  const data = { flowId: flow.flowId, methodId: registered.methodId, step };
  const { newEvents } = await handleCommand(
    deps,
    userStreamId(account.userId),
    credentialFold,
    metadata,
    (state) => decideResetAccount({ type: 'TryAuthenticatorCode', data, metadata }, state),
  );
  if (newEvents.some((e) => e.type === 'AuthenticatorCodeAccepted')) return 'valid';
  return attemptAllowed(newEvents) && step !== null ? 'replayedCode' : 'wrongCode';
};

/** Checks a sent code (keyed hash, constant time) or an authenticator code (TOTP). */
export const handleVerifyResetCode = async (
  deps: ServiceDeps,
  input: Readonly<{ flowId: string; methodId: string; code: string }>,
  metadata: CommandMetadata,
): Promise<GateResult> => {
  const flow = await loadUsableFlow(deps, input.flowId, metadata);
  const verify = (verdict: CodeVerdict) =>
    ({ type: 'VerifyResetCode', data: { methodId: input.methodId, verdict }, metadata }) as const;
  decideResetFlow(verify('wrongCode'), flow);
  const method = flow.methods.find((m) => m.methodId === input.methodId)!.method;
  const verdict =
    method === 'authenticator'
      ? await judgeAuthenticator(deps, flow, input.code, metadata)
      : judgeCode(deps.codeHasher, flow, input.methodId, input.code, metadata.now);
  const { newEvents, state } = await appendToFlow(deps, flow.flowId, verify(verdict));
  return gateOutcome(newEvents, state, 'Code');
};

/**
 * Checks the drawn security questions (argon2id against the registered hashes). A wrong set
 * also counts as a failed sign-in toward lockout; an ineligible flow checks against throwaway
 * hashes and always fails.
 */
export const handleAnswerSecurityQuestions = async (
  deps: ServiceDeps,
  input: Readonly<{ flowId: string; answers: readonly SecurityAnswer[] }>,
  metadata: CommandMetadata,
): Promise<GateResult> => {
  const flow = await loadUsableFlow(deps, input.flowId, metadata);
  const answer = (correct: boolean) =>
    ({ type: 'AnswerSecurityQuestions', data: { correct }, metadata }) as const;
  decideResetFlow(answer(false), flow);
  const tenant = await loadActiveTenant(deps, metadata.tenantId);
  const holder = await flowAccount(deps, flow, metadata);
  const account = stillEligible(flow, holder);
  const asked = flowQuestions(deps, tenant, flow, holder, metadata.now);
  const allowed =
    account !== null &&
    (await countAttempt(
      deps,
      account,
      { flowId: flow.flowId, kind: 'phoneVerification' },
      metadata,
    ));
  const registered = allowed
    ? (account.user.methods.find((m) => m.method === 'securityQuestions')?.questions ?? [])
    : [];
  const dummy = await dummyHashFor(deps.passwordHasher);
  const hashes = asked.map((question) => ({
    question,
    answerHash: registered.find((r) => r.question === question)?.answerHash ?? dummy,
  }));
  const correct = allowed && (await answersMatch(deps.passwordHasher, hashes, input.answers));
  if (account && allowed && !correct) {
    await handleCommand(deps, userStreamId(account.userId), credentialFold, metadata, (state) =>
      decideResetAccount(
        {
          type: 'RecordWrongSecurityAnswers',
          data: { lockoutPolicy: tenant.lockoutPolicy },
          metadata,
        },
        state,
      ),
    );
  }
  const { newEvents, state } = await appendToFlow(deps, flow.flowId, answer(correct));
  return gateOutcome(newEvents, state, 'Answers');
};
