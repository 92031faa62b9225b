import { z } from 'zod';
import type { Event } from '../core/index.js';
import {
  deliveryChannels,
  methodKindSchema,
  roleSchema,
  userSourceSchema,
  type MethodKind,
  type Role,
  type UserSource,
} from '../policy/index.js';
import { languageSchema, type Language } from '../tenant/tenant.js';

export const userStreamId = (userId: string): string => `user-${userId}`;
/** Reserves a username inside a tenant: appended with `no_stream`, it makes usernames unique. */
export const usernameStreamId = (tenantId: string, username: string): string =>
  `username-${tenantId}-${normalizeUsername(username)}`;
/** Sign-in failures for names no user holds, per tenant (never folded into a user). */
export const unknownSignInsStreamId = (tenantId: string): string => `unknownSignIns-${tenantId}`;
export const normalizeUsername = (username: string): string => username.normalize('NFKC').trim().toLowerCase();

const hash = z.string().min(1);
const isoDate = z.iso.datetime();
const channelSchema = z.enum(deliveryChannels);

const securityQuestionSchema = z.object({ question: z.string().min(3).max(200), answerHash: hash });

export const userEventSchemas = {
  UsernameReserved: z.object({ userId: z.string().min(1), username: z.string().min(1) }),
  UserProvisioned: z.object({
    userId: z.string().min(1),
    username: z.string().min(1).max(256),
    displayName: z.string().min(1).max(256),
    firstName: z.string().max(100),
    lastName: z.string().max(100),
    source: userSourceSchema,
    roles: z.array(roleSchema),
    groups: z.array(z.string().min(1).max(256)),
    language: languageSchema,
  }),
  UserUpdated: z.object({
    displayName: z.string().min(1).max(256).optional(),
    firstName: z.string().max(100).optional(),
    lastName: z.string().max(100).optional(),
    roles: z.array(roleSchema).optional(),
    groups: z.array(z.string().min(1).max(256)).optional(),
    language: languageSchema.optional(),
  }),
  UserDisabled: z.object({ reason: z.string().max(500).optional() }),
  UserEnabled: z.object({}),
  UserDeleted: z.object({}),

  /** A confirmation code went out for new contact info; the code is only hashed (and sealed for delivery). */
  SecurityInfoVerificationRequested: z.object({
    methodId: z.string().min(1),
    method: methodKindSchema,
    target: z.string().min(1),
    maskedTarget: z.string().min(1),
    channel: channelSchema,
    codeHash: hash,
    sealedCode: hash,
    expiresAt: isoDate,
  }),
  SecurityInfoVerificationFailed: z.object({ methodId: z.string().min(1), failures: z.number().int() }),
  /** Entra: "User registered security info". Answers and TOTP secrets never in clear. */
  SecurityInfoRegistered: z.object({
    methodId: z.string().min(1),
    method: methodKindSchema,
    target: z.string().optional(),
    maskedTarget: z.string().optional(),
    sealedTotpSecret: z.string().optional(),
    questions: z.array(securityQuestionSchema).optional(),
    /** The RFC 6238 step of the authenticator code that confirmed it: that code is used up. */
    totpStep: z.number().int().nonnegative().optional(),
  }),
  /** Entra: "User registered all required security info". */
  RequiredSecurityInfoRegistered: z.object({ methods: z.array(methodKindSchema) }),
  /** Entra: "User reviewed security info" (re-confirmation). */
  SecurityInfoReviewed: z.object({}),
  /** Entra: "User deleted security info"; by an admin this is a revocation. */
  SecurityInfoRemoved: z.object({ methodId: z.string().min(1), method: methodKindSchema, byAdmin: z.boolean() }),
  ReregistrationRequired: z.object({}),

  InitialPasswordSet: z.object({ hash, mustChangeAtNextSignIn: z.boolean() }),
  /** Entra: "Change password (self-service)". */
  PasswordChanged: z.object({ hash }),
  PasswordChangeFailed: z.object({ reason: z.string().min(1) }),
  /** Entra: "Reset password (self-service)" — the user-side effect of a completed reset flow. */
  PasswordReset: z.object({ hash, flowId: z.string().min(1) }),
  /** Entra: "Reset password (by admin)". With a temporary password the hash is set and must change. */
  PasswordResetByAdmin: z.object({
    hash: hash.optional(),
    temporary: z.boolean(),
    mustChangeAtNextSignIn: z.boolean(),
  }),
  /** Default admin reset: the user is sent a reset invitation; the admin never learns a password. */
  AdminResetRequested: z.object({}),
  PasswordRehashed: z.object({ hash }),

  SignInSucceeded: z.object({}),
  SignInFailed: z.object({
    reason: z.enum(['wrongPassword', 'locked', 'disabled', 'wrongSecurityAnswer']),
    /** Keyed hash of the wrong password, so repeating it does not count twice. */
    badPasswordKey: z.string().optional(),
    counted: z.boolean(),
    failures: z.number().int().nonnegative(),
  }),
  AccountLocked: z.object({ until: isoDate, lockoutCount: z.number().int().positive() }),
  /** Entra: "Unlock user account (self-service)" when by is 'self'. */
  AccountUnlocked: z.object({ by: z.enum(['self', 'admin', 'reset']) }),

  /** Counted per user for the 24 h / 1 h / 10 min throttles of self-service reset. */
  ResetAttemptCounted: z.object({
    flowId: z.string().min(1),
    kind: z.enum(['started', 'verificationFailed', 'emailSent', 'phoneVerification']),
  }),
  /** Entra: "Blocked from self-service password reset". */
  SelfServiceResetBlocked: z.object({ until: isoDate, reason: z.string().min(1) }),

  /**
   * An authenticator code passed a reset gate. Its time step (not secret) is used up: a code of
   * that step or an earlier one is refused in every flow (RFC 6238 §5.2, NIST single use).
   */
  AuthenticatorCodeAccepted: z.object({
    methodId: z.string().min(1),
    flowId: z.string().min(1),
    step: z.number().int().nonnegative(),
  }),
  /**
   * A sign-in for a name no user holds (unknown or deleted), on the tenant's
   * `unknownSignIns-{tenantId}` stream: the audit log shows who tried what, and the refusal costs
   * one append like a known user's failure, so timing does not tell the two apart.
   */
  UnknownUserSignInFailed: z.object({ username: z.string().min(1).max(256) }),
} as const;

type Data<K extends keyof typeof userEventSchemas> = z.infer<(typeof userEventSchemas)[K]>;
export type UserEventType = keyof typeof userEventSchemas;
export type UserEventOf<K extends UserEventType> = Event<K, Data<K>>;
export type UserEvent = { [K in UserEventType]: UserEventOf<K> }[UserEventType];

export type RegisteredMethod = Readonly<{
  methodId: string;
  method: MethodKind;
  target?: string | undefined;
  maskedTarget?: string | undefined;
  sealedTotpSecret?: string | undefined;
  questions?: readonly Readonly<{ question: string; answerHash: string }>[] | undefined;
  /** Authenticator only: the last time step accepted; codes of this step or older are used up. */
  lastTotpStep?: number | undefined;
  registeredAt: Date;
}>;

export type PendingVerification = Readonly<{
  methodId: string;
  method: MethodKind;
  target: string;
  maskedTarget: string;
  codeHash: string;
  expiresAt: Date;
  failures: number;
}>;

export type ExistingUser = Readonly<{
  status: 'active' | 'disabled';
  userId: string;
  username: string;
  displayName: string;
  firstName: string;
  lastName: string;
  source: UserSource;
  roles: readonly Role[];
  groups: readonly string[];
  language: Language;
  methods: readonly RegisteredMethod[];
  pendingVerifications: readonly PendingVerification[];
  /** Set when security info was last registered or reviewed (for re-confirmation). */
  securityInfoConfirmedAt: Date | null;
  reregistrationRequired: boolean;
  passwordHash: string | null;
  /** Newest first; the current password is passwordHashes[0]. */
  passwordHistory: readonly string[];
  mustChangePassword: boolean;
  /** Bumped by every credential change or disable: sessions issued before are void. */
  credentialVersion: number;
  failedSignIns: number;
  recentBadPasswordKeys: readonly string[];
  lockedUntil: Date | null;
  lockoutCount: number;
  /** Occurrence times of reset throttle counters, newest last. */
  resetCounters: Readonly<Record<'started' | 'verificationFailed' | 'emailSent' | 'phoneVerification', readonly Date[]>>;
  resetBlockedUntil: Date | null;
}>;

export type UserState = Readonly<{ status: 'none' }> | ExistingUser | Readonly<{ status: 'deleted'; userId: string }>;

export const initialUserState = (): UserState => ({ status: 'none' });

const HISTORY_KEPT = 24;
/** Throttle windows are at most a day long: older counter entries are dropped. */
const DAY_MS = 24 * 60 * 60 * 1000;
const withPassword = (user: ExistingUser, hash: string, mustChange: boolean): ExistingUser => ({
  ...user,
  passwordHash: hash,
  passwordHistory: [hash, ...user.passwordHistory].slice(0, HISTORY_KEPT),
  mustChangePassword: mustChange,
  credentialVersion: user.credentialVersion + 1,
});
const cleared = (user: ExistingUser): ExistingUser => ({
  ...user,
  failedSignIns: 0,
  recentBadPasswordKeys: [],
  lockedUntil: null,
  resetCounters: { started: [], verificationFailed: [], emailSent: [], phoneVerification: [] },
  resetBlockedUntil: null,
});

/**
 * `at` is the event's occurredAt: evolve needs it for registration and throttle times, so the
 * services fold recorded events (which carry it); unit tests pass it explicitly.
 */
export const evolveUser = (state: UserState, event: UserEvent & { occurredAt?: Date }): UserState => {
  const at = event.occurredAt ?? new Date(0);
  if (event.type === 'UserProvisioned') {
    const d = event.data;
    return {
      status: 'active',
      userId: d.userId,
      username: d.username,
      displayName: d.displayName,
      firstName: d.firstName,
      lastName: d.lastName,
      source: d.source,
      roles: d.roles,
      groups: d.groups,
      language: d.language,
      methods: [],
      pendingVerifications: [],
      securityInfoConfirmedAt: null,
      reregistrationRequired: false,
      passwordHash: null,
      passwordHistory: [],
      mustChangePassword: false,
      credentialVersion: 1,
      failedSignIns: 0,
      recentBadPasswordKeys: [],
      lockedUntil: null,
      lockoutCount: 0,
      resetCounters: { started: [], verificationFailed: [], emailSent: [], phoneVerification: [] },
      resetBlockedUntil: null,
    };
  }
  if (state.status !== 'active' && state.status !== 'disabled') return state;
  const user = state;
  switch (event.type) {
    case 'UsernameReserved':
      return user;
    case 'UserUpdated': {
      const changes = Object.fromEntries(Object.entries(event.data).filter(([, v]) => v !== undefined));
      return { ...user, ...changes };
    }
    case 'UserDisabled':
      return { ...user, status: 'disabled', credentialVersion: user.credentialVersion + 1 };
    case 'UserEnabled':
      return { ...user, status: 'active' };
    case 'UserDeleted':
      return { status: 'deleted', userId: user.userId };
    case 'SecurityInfoVerificationRequested': {
      const d = event.data;
      const pending: PendingVerification = {
        methodId: d.methodId,
        method: d.method,
        target: d.target,
        maskedTarget: d.maskedTarget,
        codeHash: d.codeHash,
        expiresAt: new Date(d.expiresAt),
        failures: 0,
      };
      return {
        ...user,
        pendingVerifications: [...user.pendingVerifications.filter((p) => p.methodId !== d.methodId), pending],
      };
    }
    case 'SecurityInfoVerificationFailed':
      return {
        ...user,
        pendingVerifications: user.pendingVerifications.map((p) =>
          p.methodId === event.data.methodId ? { ...p, failures: event.data.failures } : p,
        ),
      };
    case 'SecurityInfoRegistered': {
      const { totpStep, ...d } = event.data;
      const method: RegisteredMethod = { ...d, lastTotpStep: totpStep, registeredAt: at };
      return {
        ...user,
        // One method of each kind, as in Entra: registering again replaces it.
        methods: [...user.methods.filter((m) => m.method !== d.method), method],
        pendingVerifications: user.pendingVerifications.filter((p) => p.methodId !== d.methodId),
        securityInfoConfirmedAt: at,
        reregistrationRequired: false,
      };
    }
    case 'RequiredSecurityInfoRegistered':
      return user;
    case 'SecurityInfoReviewed':
      return { ...user, securityInfoConfirmedAt: at };
    case 'SecurityInfoRemoved':
      return { ...user, methods: user.methods.filter((m) => m.methodId !== event.data.methodId) };
    case 'ReregistrationRequired':
      return { ...user, reregistrationRequired: true, securityInfoConfirmedAt: null };
    case 'InitialPasswordSet':
      return withPassword(user, event.data.hash, event.data.mustChangeAtNextSignIn);
    case 'PasswordChanged':
      return withPassword(user, event.data.hash, false);
    case 'PasswordChangeFailed':
      return user;
    case 'PasswordReset':
      return cleared(withPassword(user, event.data.hash, false));
    case 'PasswordResetByAdmin':
      return event.data.hash
        ? cleared(withPassword(user, event.data.hash, event.data.mustChangeAtNextSignIn))
        : { ...user, mustChangePassword: event.data.mustChangeAtNextSignIn };
    case 'AdminResetRequested':
      return user;
    case 'PasswordRehashed':
      return { ...user, passwordHash: event.data.hash, passwordHistory: [event.data.hash, ...user.passwordHistory.slice(1)] };
    case 'SignInSucceeded':
      return { ...user, failedSignIns: 0, recentBadPasswordKeys: [] };
    case 'SignInFailed': {
      const key = event.data.badPasswordKey;
      return {
        ...user,
        failedSignIns: event.data.failures,
        recentBadPasswordKeys: key && event.data.counted ? [key, ...user.recentBadPasswordKeys].slice(0, 10) : user.recentBadPasswordKeys,
      };
    }
    case 'AccountLocked':
      return { ...user, lockedUntil: new Date(event.data.until), lockoutCount: event.data.lockoutCount, failedSignIns: 0, recentBadPasswordKeys: [] };
    case 'AccountUnlocked':
      return { ...user, lockedUntil: null, failedSignIns: 0, recentBadPasswordKeys: [] };
    case 'ResetAttemptCounted': {
      const kind = event.data.kind;
      const recent = user.resetCounters[kind].filter((t) => at.getTime() - t.getTime() < DAY_MS);
      return { ...user, resetCounters: { ...user.resetCounters, [kind]: [...recent, at] } };
    }
    case 'SelfServiceResetBlocked':
      return { ...user, resetBlockedUntil: new Date(event.data.until) };
    case 'AuthenticatorCodeAccepted': {
      const { methodId, step } = event.data;
      return {
        ...user,
        methods: user.methods.map((m) =>
          m.methodId === methodId && step > (m.lastTotpStep ?? -1) ? { ...m, lastTotpStep: step } : m,
        ),
      };
    }
    case 'UnknownUserSignInFailed':
      return user;
    default: {
      const _exhaustive: never = event;
      return user;
    }
  }
};
