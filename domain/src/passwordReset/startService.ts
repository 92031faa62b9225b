import type { CommandMetadata, ServiceDeps } from '../core/index.js';
import { assertUsername, findAccountByUsername } from '../signIn/accounts.js';
import { loadActiveTenant } from '../tenant/service.js';
import { assessResetEligibility } from './eligibility.js';
import { appendToFlow, FLOW_ID_BYTES, toFlowView, type ResetFlowView } from './flows.js';
import type { OpenFlow } from './passwordReset.js';
import { drawQuestions } from './securityQuestionDraw.js';

export type StartPasswordResetInput = Readonly<{
  username: string;
  purpose?: 'reset' | 'unlock' | undefined;
}>;

/**
 * Starts a reset or unlock. Always answers with the same shape and status, whoever the username
 * belongs to (or nobody): ineligible flows show real or decoy methods, never send anything and
 * never pass a gate; only the recorded `ineligibleReason` tells the truth.
 *
 * Only the flow stream is written, for everyone: the flow counts toward the user's 5 reset
 * attempts a day at its first gate action (CountVerificationAttempt). Counting here cost real
 * users one more durable append than unknown names (~5 ms measured), which a stopwatch could see.
 */
export const handleStartPasswordReset = async (
  deps: ServiceDeps,
  input: StartPasswordResetInput,
  metadata: CommandMetadata,
): Promise<ResetFlowView> => {
  assertUsername(input.username);
  const tenant = await loadActiveTenant(deps, metadata.tenantId);
  const account = await findAccountByUsername(deps.eventStore, tenant.tenantId, input.username);
  const flowId = deps.random.token(FLOW_ID_BYTES);
  const assessment = assessResetEligibility(
    deps.codeHasher,
    tenant,
    input.username,
    account?.user ?? null,
    metadata.now,
  );
  const { state } = await appendToFlow(deps, flowId, {
    type: 'StartPasswordReset',
    data: {
      flowId,
      username: input.username,
      userId: account?.userId ?? null,
      purpose: input.purpose ?? 'reset',
      eligible: assessment.eligible,
      ineligibleReason: assessment.ineligibleReason,
      gatesRequired: assessment.gatesRequired,
      methods: assessment.methods,
      unlockAllowed: tenant.ssprPolicy.allowUnlockWithoutReset,
      policyVersion: tenant.policyVersion,
    },
    metadata,
  });
  const toAnswer = tenant.ssprPolicy.securityQuestions.toAnswer;
  return toFlowView(
    state as OpenFlow,
    drawQuestions(deps.codeHasher, flowId, assessment.questions, toAnswer),
  );
};
