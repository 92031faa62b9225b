import type { CodeHasher } from '../core/index.js';
import { methodKinds, type MethodKind } from '../policy/index.js';
import { ssprCoverage } from '../tenant/ssprCoverage.js';
import type { ActiveTenant } from '../tenant/tenant.js';
import type { ExistingUser, RegisteredMethod } from '../user/user.js';
import { isResetBlocked, resetAttemptsExhausted } from './accountBusinessLogic.js';
import { decoyProfile } from './decoy.js';
import type { IneligibleReason, OfferedMethod } from './passwordReset.js';

export type ResetAssessment = Readonly<{
  eligible: boolean;
  ineligibleReason?: IneligibleReason | undefined;
  gatesRequired: 1 | 2;
  methods: readonly OfferedMethod[];
  /** The registered (or decoy) questions the flow draws from. */
  questions: readonly string[];
}>;

/** Registered methods the user's policy accepts; questions only when enough are registered. */
export const offerableMethods = (
  tenant: ActiveTenant,
  user: ExistingUser,
  allowed: readonly MethodKind[],
): RegisteredMethod[] =>
  methodKinds.flatMap((kind) => {
    const method = user.methods.find((m) => m.method === kind);
    if (!method || !allowed.includes(kind)) return [];
    if (
      kind === 'securityQuestions' &&
      (method.questions?.length ?? 0) < tenant.ssprPolicy.securityQuestions.toAnswer
    ) {
      return [];
    }
    return [method];
  });

/**
 * The methods a flow offers are named by their kind (a user has one of each), never by the
 * registered method id: real ids would differ in form from decoys and leak registration times.
 */
const offered = (method: RegisteredMethod): OfferedMethod => ({
  methodId: method.method,
  method: method.method,
  ...(method.maskedTarget ? { maskedTarget: method.maskedTarget } : {}),
});

/**
 * Can this user reset, and what does the flow show? Ineligible users see their real methods
 * when they have enough of them (so a later block or disable changes nothing visible), and
 * otherwise a decoy; only `ineligibleReason` (audit log only) tells the truth.
 */
export const assessResetEligibility = (
  codeHasher: CodeHasher,
  tenant: ActiveTenant,
  username: string,
  user: ExistingUser | null,
  now: Date,
): ResetAssessment => {
  const decoy = (
    allowed: readonly MethodKind[],
    gatesRequired: 1 | 2,
    reason: IneligibleReason,
  ): ResetAssessment => ({
    eligible: false,
    ineligibleReason: reason,
    gatesRequired,
    ...decoyProfile(codeHasher, tenant, username, allowed, gatesRequired),
  });
  if (!user)
    return decoy(tenant.ssprPolicy.allowedMethods, tenant.ssprPolicy.gatesRequired, 'unknownUser');

  const coverage = ssprCoverage(tenant, user);
  const usable = offerableMethods(tenant, user, coverage.allowedMethods);
  const reason: IneligibleReason | undefined =
    user.status === 'disabled'
      ? 'disabled'
      : (coverage.gap ??
        (usable.length < coverage.gatesRequired
          ? 'notRegistered'
          : isResetBlocked(user, now) || resetAttemptsExhausted(user, now)
            ? 'blocked'
            : undefined));
  if (usable.length < coverage.gatesRequired) {
    return decoy(coverage.allowedMethods, coverage.gatesRequired, reason ?? 'notRegistered');
  }
  const questions =
    usable.find((m) => m.method === 'securityQuestions')?.questions?.map((q) => q.question) ?? [];
  return {
    eligible: reason === undefined,
    ...(reason ? { ineligibleReason: reason } : {}),
    gatesRequired: coverage.gatesRequired,
    methods: usable.map(offered),
    questions,
  };
};
