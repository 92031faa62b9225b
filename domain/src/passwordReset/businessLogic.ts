import { ConflictError, IllegalStateError, ValidationError, type Command } from '../core/index.js';
import type { DeliveryChannel, MethodKind } from '../policy/index.js';
import {
  CODE_VALIDITY_MS,
  flowStartedAt,
  gatesPassed,
  MAX_CODE_FAILURES,
  RESET_SESSION_MS,
  attemptAt,
  evolveResetFlow,
  type IneligibleReason,
  type OfferedMethod,
  type OpenFlow,
  type ResetEvent,
  type ResetEventOf,
  type ResetFlowState,
} from './passwordReset.js';
import {
  allGatesPassed,
  gatesLeft,
  isExpired,
  openFlow,
  pendingMethod,
  usableFlow,
  verifiedUser,
} from './flowGuards.js';

/** How a submitted code compares with the one sent; decided by the service (keyed hash, TOTP). */
export type CodeVerdict = 'valid' | 'wrongCode' | 'expiredCode' | 'noCodeSent' | 'replayedCode';

export type StartPasswordReset = Command<
  'StartPasswordReset',
  {
    flowId: string;
    username: string;
    userId: string | null;
    purpose: 'reset' | 'unlock';
    eligible: boolean;
    ineligibleReason?: IneligibleReason | undefined;
    gatesRequired: 1 | 2;
    methods: readonly OfferedMethod[];
    unlockAllowed: boolean;
    policyVersion: number;
  }
>;
/** `delivery` is null when nothing may go out (an ineligible flow or a silent throttle). */
export type SendResetCode = Command<
  'SendResetCode',
  {
    methodId: string;
    channel: DeliveryChannel;
    delivery: Readonly<{
      target: string;
      maskedTarget: string;
      codeHash: string;
      sealedCode: string;
    }> | null;
  }
>;
export type VerifyResetCode = Command<
  'VerifyResetCode',
  { methodId: string; verdict: CodeVerdict }
>;
export type AnswerSecurityQuestions = Command<'AnswerSecurityQuestions', { correct: boolean }>;
export type RejectNewPassword = Command<'RejectNewPassword', { reasons: readonly string[] }>;
export type CompletePasswordReset = Command<'CompletePasswordReset', { writeback: boolean }>;
export type UnlockAccount = Command<'UnlockAccount', { writeback: boolean }>;
export type FailPasswordReset = Command<
  'FailPasswordReset',
  { reason: 'writebackFailed' | 'ineligible'; detail?: string | undefined }
>;
export type AbandonExpiredFlow = Command<'AbandonExpiredFlow', Record<string, never>>;

export type ResetFlowCommand =
  | StartPasswordReset
  | SendResetCode
  | VerifyResetCode
  | AnswerSecurityQuestions
  | RejectNewPassword
  | CompletePasswordReset
  | UnlockAccount
  | FailPasswordReset
  | AbandonExpiredFlow;

const SECURITY_QUESTIONS = 'securityQuestions';
const channelsByMethod: Readonly<Partial<Record<MethodKind, readonly DeliveryChannel[]>>> = {
  email: ['email'],
  mobilePhone: ['sms', 'voice'],
  officePhone: ['voice'],
};

export const startPasswordReset = (
  command: StartPasswordReset,
  state: ResetFlowState,
): ResetEvent[] => {
  if (state.status !== 'none')
    throw new ConflictError('FlowExists', 'This reset flow already exists');
  const { ineligibleReason, methods, ...data } = command.data;
  const expiresAt = new Date(command.metadata.now.getTime() + RESET_SESSION_MS).toISOString();
  return [
    {
      type: 'PasswordResetStarted',
      data: {
        ...data,
        ...(ineligibleReason ? { ineligibleReason } : {}),
        methods: [...methods],
        expiresAt,
      },
    },
  ];
};

export const sendResetCode = (command: SendResetCode, state: ResetFlowState): ResetEvent[] => {
  const { now } = command.metadata;
  const flow = usableFlow(state, now);
  const { methodId, channel, delivery } = command.data;
  const method = pendingMethod(flow, methodId);
  const channels = channelsByMethod[method.method];
  if (!channels)
    throw new ValidationError(
      'MethodSendsNoCode',
      `The ${method.method} method has no code to send`,
    );
  if (!channels.includes(channel)) {
    throw new ValidationError(
      'ChannelNotAvailable',
      `The ${method.method} method cannot use ${channel}`,
    );
  }
  if (!delivery || !flow.eligible) return [];
  const expiresAt = new Date(Math.min(now.getTime() + CODE_VALIDITY_MS, flow.expiresAt.getTime()));
  return [
    {
      type: 'ResetCodeSent',
      data: {
        methodId,
        method: method.method,
        channel,
        ...delivery,
        expiresAt: expiresAt.toISOString(),
        ...contextOf(flow),
        ...attemptsWith(flow, method.method, false, now),
      },
    },
  ];
};

/** The flow's start and its user, copied onto each later event (see `resetEventSchemas`). */
const contextOf = (flow: OpenFlow) => ({
  startedAt: flowStartedAt(flow).toISOString(),
  username: flow.username,
  userId: flow.userId,
  purpose: flow.purpose,
  eligible: flow.eligible,
  ...(flow.ineligibleReason ? { ineligibleReason: flow.ineligibleReason } : {}),
});

/** The flow's attempts with one more (see `resetEventSchemas`). */
const attemptsWith = (flow: OpenFlow, method: MethodKind, passed: boolean, now: Date) => ({
  attempts: [...flow.attempts, attemptAt(flow, method, passed, now)],
});

/** The flow's summary on the event that ends it (see `resetEventSchemas`). */
const summary = (flow: OpenFlow) => ({
  ...contextOf(flow),
  methodsUsed: [...flow.methodsUsed],
  attempts: [...flow.attempts],
});

const gatePassed = (flow: OpenFlow, method: OfferedMethod, now: Date): ResetEvent => ({
  type: 'ResetGatePassed',
  data: {
    methodId: method.methodId,
    method: method.method,
    gate: gatesPassed(flow) + 1,
    ...contextOf(flow),
    ...attemptsWith(flow, method.method, true, now),
  },
});

/** A wrong code or answer; the fifth in the flow ends it (NIST: a new code does not reset the count). */
const gateFailed = (
  flow: OpenFlow,
  method: OfferedMethod,
  reason: ResetEventOf<'ResetGateFailed'>['data']['reason'],
  now: Date,
): ResetEvent[] => {
  const failures = flow.failures + 1;
  const failed: ResetEvent = {
    type: 'ResetGateFailed',
    data: {
      methodId: method.methodId,
      method: method.method,
      reason,
      failures,
      ...contextOf(flow),
      ...attemptsWith(flow, method.method, false, now),
    },
  };
  if (failures < MAX_CODE_FAILURES) return [failed];
  const ending = reason === 'wrongAnswers' ? 'tooManyWrongAnswers' : 'tooManyWrongCodes';
  // The summary includes the failed try: the flow as it is after it.
  const ended = summary(evolveResetFlow(flow, { ...failed, occurredAt: now }) as OpenFlow);
  return [failed, { type: 'PasswordResetFailed', data: { reason: ending, ...ended } }];
};

export const verifyResetCode = (command: VerifyResetCode, state: ResetFlowState): ResetEvent[] => {
  const flow = usableFlow(state, command.metadata.now);
  const method = pendingMethod(flow, command.data.methodId);
  if (method.method === SECURITY_QUESTIONS) {
    throw new ValidationError(
      'UseAnswerSecurityQuestions',
      'Security questions are answered, not verified with a code',
    );
  }
  // An ineligible flow can never pass a gate, whatever the service passed in.
  const verdict = flow.eligible ? command.data.verdict : 'wrongCode';
  return verdict === 'valid'
    ? [gatePassed(flow, method, command.metadata.now)]
    : gateFailed(flow, method, verdict, command.metadata.now);
};

export const answerSecurityQuestions = (
  command: AnswerSecurityQuestions,
  state: ResetFlowState,
): ResetEvent[] => {
  const flow = usableFlow(state, command.metadata.now);
  const method = pendingMethod(flow, SECURITY_QUESTIONS);
  return command.data.correct && flow.eligible
    ? [gatePassed(flow, method, command.metadata.now)]
    : gateFailed(flow, method, 'wrongAnswers', command.metadata.now);
};

export const rejectNewPassword = (
  command: RejectNewPassword,
  state: ResetFlowState,
): ResetEvent[] => {
  const flow = usableFlow(state, command.metadata.now);
  allGatesPassed(flow);
  return [
    {
      type: 'ResetPasswordRejected',
      data: { reasons: [...command.data.reasons], ...contextOf(flow) },
    },
  ];
};

export const completePasswordReset = (
  command: CompletePasswordReset,
  state: ResetFlowState,
): ResetEvent[] => {
  const flow = usableFlow(state, command.metadata.now);
  const userId = verifiedUser(flow);
  const { writeback } = command.data;
  return [{ type: 'PasswordResetCompleted', data: { ...summary(flow), userId, writeback } }];
};

export const unlockAccount = (command: UnlockAccount, state: ResetFlowState): ResetEvent[] => {
  const flow = usableFlow(state, command.metadata.now);
  if (!flow.unlockAllowed) {
    throw new IllegalStateError(
      'UnlockNotAllowed',
      'Your organization does not allow unlocking without a reset',
    );
  }
  const userId = verifiedUser(flow);
  const { writeback } = command.data;
  return [{ type: 'AccountUnlockCompleted', data: { ...summary(flow), userId, writeback } }];
};

export const failPasswordReset = (
  command: FailPasswordReset,
  state: ResetFlowState,
): ResetEvent[] => {
  const flow = openFlow(state);
  const { reason, detail } = command.data;
  return [
    {
      type: 'PasswordResetFailed',
      data: { reason, ...(detail ? { detail } : {}), ...summary(flow) },
    },
  ];
};

/** Where the user dropped off, for the funnel report. */
export const abandonedStep = (
  flow: OpenFlow,
): ResetEventOf<'PasswordResetAbandoned'>['data']['step'] => {
  if (!gatesLeft(flow)) return 'newPassword';
  if (gatesPassed(flow) > 0) return 'secondGate';
  return flow.codes.length > 0 || flow.failures > 0 ? 'verify' : 'chooseMethod';
};

/** For any command on an expired flow and for the scheduler; a no-op on a live or ended flow. */
export const abandonExpiredFlow = (
  command: AbandonExpiredFlow,
  state: ResetFlowState,
): ResetEvent[] => {
  if (state.status !== 'open' || !isExpired(state, command.metadata.now)) return [];
  return [
    { type: 'PasswordResetAbandoned', data: { step: abandonedStep(state), ...summary(state) } },
  ];
};

export const decideResetFlow = (command: ResetFlowCommand, state: ResetFlowState): ResetEvent[] => {
  switch (command.type) {
    case 'StartPasswordReset':
      return startPasswordReset(command, state);
    case 'SendResetCode':
      return sendResetCode(command, state);
    case 'VerifyResetCode':
      return verifyResetCode(command, state);
    case 'AnswerSecurityQuestions':
      return answerSecurityQuestions(command, state);
    case 'RejectNewPassword':
      return rejectNewPassword(command, state);
    case 'CompletePasswordReset':
      return completePasswordReset(command, state);
    case 'UnlockAccount':
      return unlockAccount(command, state);
    case 'FailPasswordReset':
      return failPasswordReset(command, state);
    case 'AbandonExpiredFlow':
      return abandonExpiredFlow(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`Unknown command ${JSON.stringify(_exhaustive)}`);
    }
  }
};
