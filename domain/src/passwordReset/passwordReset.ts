import { z } from 'zod';
import type { Event } from '../core/index.js';
import {
  deliveryChannels,
  methodKindSchema,
  type DeliveryChannel,
  type MethodKind,
} from '../policy/index.js';

export const resetStreamId = (flowId: string): string => `reset-${flowId}`;

/** Entra defaults: a 15-minute session, codes valid 5 minutes, 5 wrong codes end the flow. */
export const RESET_SESSION_MS = 15 * 60 * 1000;
export const CODE_VALIDITY_MS = 5 * 60 * 1000;
export const MAX_CODE_FAILURES = 5;

const isoDate = z.iso.datetime();
const purposeSchema = z.enum(['reset', 'unlock']);
/** Why a flow cannot succeed. Recorded for the audit log only: the caller sees a normal flow. */
export const ineligibleReasons = [
  'unknownUser',
  'notRegistered',
  'disabled',
  'notInScope',
  'tierExcludes',
  'blocked',
] as const;
export type IneligibleReason = (typeof ineligibleReasons)[number];

/** One try at a gate: a code sent, a gate passed or failed; `gate` is the one the flow was at. */
const flowAttemptSchema = z.object({
  gate: z.number().int().positive(),
  method: methodKindSchema,
  passed: z.boolean(),
  at: isoDate,
});
export type FlowAttempt = z.infer<typeof flowAttemptSchema>;
/** Carried by every event after the start (see `resetEventSchemas`). */
const flowContext = {
  startedAt: isoDate.optional(),
  username: z.string().min(1).optional(),
  userId: z.string().nullable().optional(),
  purpose: purposeSchema.optional(),
  eligible: z.boolean().optional(),
  ineligibleReason: z.enum(ineligibleReasons).optional(),
};
/** Carried by the events that end a flow (see `resetEventSchemas`). */
const flowSummary = {
  ...flowContext,
  methodsUsed: z.array(methodKindSchema).optional(),
  attempts: z.array(flowAttemptSchema).optional(),
};
const offeredMethodSchema = z.object({
  methodId: z.string().min(1),
  method: methodKindSchema,
  maskedTarget: z.string().optional(),
});
export type OfferedMethod = z.infer<typeof offeredMethodSchema>;

// Every event after the start may carry `startedAt`, the flow's start (`flowStartedAt`), so that a
// read model can key all of a flow's rows by when it started without keeping state (reports by
// period), and the start's user, purpose and eligibility (`flowContext`), so that the flow's
// latest event alone gives its row in the activity report. The event that ends a flow also sums
// it up (`flowSummary`: the methods it used and its attempts at the gates), so that a report over
// the flows that ended in a period reads their end rows alone; each attempt carries the attempts so far (itself included), so that
// the funnel reads each flow's latest event as one row, open or ended.
// Optional: events stored before they were added have none.
export const resetEventSchemas = {
  /** Entra: "Self-service password reset flow activity progress" (start). */
  PasswordResetStarted: z.object({
    flowId: z.string().min(1),
    username: z.string().min(1),
    userId: z.string().nullable(),
    purpose: purposeSchema,
    eligible: z.boolean(),
    ineligibleReason: z.enum(ineligibleReasons).optional(),
    gatesRequired: z.union([z.literal(1), z.literal(2)]),
    methods: z.array(offeredMethodSchema),
    unlockAllowed: z.boolean(),
    expiresAt: isoDate,
    policyVersion: z.number().int().nonnegative(),
  }),
  /** A code went out (email/SMS/voice). Hashed for checking, sealed for the worker that delivers it. */
  ResetCodeSent: z.object({
    methodId: z.string().min(1),
    method: methodKindSchema,
    channel: z.enum(deliveryChannels),
    target: z.string().min(1),
    maskedTarget: z.string().min(1),
    codeHash: z.string().min(1),
    sealedCode: z.string().min(1),
    expiresAt: isoDate,
    ...flowContext,
    attempts: z.array(flowAttemptSchema).optional(),
  }),
  /** A gate passed: a code, an authenticator code or the security questions. */
  ResetGatePassed: z.object({
    methodId: z.string().min(1),
    method: methodKindSchema,
    gate: z.number().int().min(1).max(2),
    ...flowContext,
    attempts: z.array(flowAttemptSchema).optional(),
  }),
  ResetGateFailed: z.object({
    methodId: z.string().min(1),
    method: methodKindSchema,
    /** `replayedCode`: an authenticator code whose time step was already used (single use). */
    reason: z.enum(['wrongCode', 'expiredCode', 'noCodeSent', 'wrongAnswers', 'replayedCode']),
    failures: z.number().int().nonnegative(),
    ...flowContext,
    attempts: z.array(flowAttemptSchema).optional(),
  }),
  /** A proposed password broke the policy; the flow goes on. */
  ResetPasswordRejected: z.object({
    reasons: z.array(z.string().min(1)),
    ...flowContext,
  }),
  PasswordResetCompleted: z.object({
    ...flowSummary,
    userId: z.string().min(1),
    writeback: z.boolean(),
  }),
  /** Entra: "Unlock user account (self-service)". */
  AccountUnlockCompleted: z.object({
    ...flowSummary,
    userId: z.string().min(1),
    writeback: z.boolean(),
  }),
  PasswordResetFailed: z.object({
    reason: z.enum([
      'tooManyWrongCodes',
      'tooManyWrongAnswers',
      'throttled',
      'writebackFailed',
      'ineligible',
    ]),
    detail: z.string().max(500).optional(),
    ...flowSummary,
  }),
  /** The session ran out before the end; `step` says where the user dropped off. */
  PasswordResetAbandoned: z.object({
    step: z.enum(['chooseMethod', 'verify', 'secondGate', 'newPassword']),
    ...flowSummary,
  }),
} as const;

type Data<K extends keyof typeof resetEventSchemas> = z.infer<(typeof resetEventSchemas)[K]>;
export type ResetEventType = keyof typeof resetEventSchemas;
export type ResetEventOf<K extends ResetEventType> = Event<K, Data<K>>;
export type ResetEvent = { [K in ResetEventType]: ResetEventOf<K> }[ResetEventType];

export type SentCode = Readonly<{
  methodId: string;
  method: MethodKind;
  channel: DeliveryChannel;
  codeHash: string;
  expiresAt: Date;
}>;

export type OpenFlow = Readonly<{
  status: 'open';
  flowId: string;
  username: string;
  userId: string | null;
  purpose: 'reset' | 'unlock';
  eligible: boolean;
  ineligibleReason?: IneligibleReason | undefined;
  gatesRequired: 1 | 2;
  methods: readonly OfferedMethod[];
  unlockAllowed: boolean;
  expiresAt: Date;
  policyVersion: number;
  codes: readonly SentCode[];
  passedMethodIds: readonly string[];
  /** Methods the flow tried (code sent, passed or failed), in the order first tried. */
  methodsUsed: readonly MethodKind[];
  /** Wrong codes and answers across the whole flow (a new code does not reset it: NIST). */
  failures: number;
  /** Every code sent, gate passed or failed, in order. */
  attempts: readonly FlowAttempt[];
}>;
export type EndedFlow = Readonly<{
  status: 'completed' | 'failed' | 'abandoned';
  flowId: string;
  userId: string | null;
}>;
export type ResetFlowState = Readonly<{ status: 'none' }> | OpenFlow | EndedFlow;

export const initialResetFlowState = (): ResetFlowState => ({ status: 'none' });

export const gatesPassed = (flow: OpenFlow): number => flow.passedMethodIds.length;

/** When the flow started: its session ends `RESET_SESSION_MS` after the start. */
export const flowStartedAt = (flow: OpenFlow): Date =>
  new Date(flow.expiresAt.getTime() - RESET_SESSION_MS);

/** `method` tried at the flow's next gate at `at`. */
export const attemptAt = (
  flow: OpenFlow,
  method: MethodKind,
  passed: boolean,
  at: Date | undefined,
): FlowAttempt => ({
  gate: gatesPassed(flow) + 1,
  method,
  passed,
  at: (at ?? new Date(0)).toISOString(),
});

/** The flow's methods used, with `method` added when it is new. */
export const methodsUsedWith = (flow: OpenFlow, method: MethodKind): readonly MethodKind[] =>
  flow.methodsUsed.includes(method) ? flow.methodsUsed : [...flow.methodsUsed, method];

/**
 * `occurredAt` is the event's (stored events and new ones alike carry it): the attempts keep it.
 */
export const evolveResetFlow = (
  state: ResetFlowState,
  event: ResetEvent & { occurredAt?: Date },
): ResetFlowState => {
  if (event.type === 'PasswordResetStarted') {
    const d = event.data;
    return {
      status: 'open',
      flowId: d.flowId,
      username: d.username,
      userId: d.userId,
      purpose: d.purpose,
      eligible: d.eligible,
      ineligibleReason: d.ineligibleReason,
      gatesRequired: d.gatesRequired,
      methods: d.methods,
      unlockAllowed: d.unlockAllowed,
      expiresAt: new Date(d.expiresAt),
      policyVersion: d.policyVersion,
      codes: [],
      passedMethodIds: [],
      methodsUsed: [],
      failures: 0,
      attempts: [],
    };
  }
  if (state.status !== 'open') return state;
  const end = (status: EndedFlow['status']): EndedFlow => ({
    status,
    flowId: state.flowId,
    userId: state.userId,
  });
  switch (event.type) {
    case 'ResetCodeSent': {
      const d = event.data;
      const code: SentCode = {
        methodId: d.methodId,
        method: d.method,
        channel: d.channel,
        codeHash: d.codeHash,
        expiresAt: new Date(d.expiresAt),
      };
      return {
        ...state,
        codes: [...state.codes.filter((c) => c.methodId !== d.methodId), code],
        methodsUsed: methodsUsedWith(state, d.method),
        attempts: [...state.attempts, attemptAt(state, d.method, false, event.occurredAt)],
      };
    }
    case 'ResetGatePassed':
      return {
        ...state,
        passedMethodIds: [...state.passedMethodIds, event.data.methodId],
        codes: state.codes.filter((c) => c.methodId !== event.data.methodId),
        methodsUsed: methodsUsedWith(state, event.data.method),
        attempts: [...state.attempts, attemptAt(state, event.data.method, true, event.occurredAt)],
      };
    case 'ResetGateFailed':
      return {
        ...state,
        failures: event.data.failures,
        methodsUsed: methodsUsedWith(state, event.data.method),
        attempts: [...state.attempts, attemptAt(state, event.data.method, false, event.occurredAt)],
      };
    case 'ResetPasswordRejected':
      return state;
    case 'PasswordResetCompleted':
    case 'AccountUnlockCompleted':
      return end('completed');
    case 'PasswordResetFailed':
      return end('failed');
    case 'PasswordResetAbandoned':
      return end('abandoned');
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
};
