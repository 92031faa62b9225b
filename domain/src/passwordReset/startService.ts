import { handleCommand, type CommandMetadata, type ServiceDeps } from '../core/index.js';
import {
  assertUsername,
  findAccountByUsername,
  loadTenant,
  type Account,
} from '../signIn/accounts.js';
import { credentialFold } from '../signIn/credentialState.js';
import { userStreamId } from '../user/user.js';
import { attemptAllowed, decideResetAccount } from './accountBusinessLogic.js';
import { assessResetEligibility, type ResetAssessment } from './eligibility.js';
import { appendToFlow, FLOW_ID_BYTES, toFlowView, type ResetFlowView } from './flows.js';
import type { OpenFlow } from './passwordReset.js';
import { drawQuestions } from './securityQuestionDraw.js';

export type StartPasswordResetInput = Readonly<{
  username: string;
  purpose?: 'reset' | 'unlock' | undefined;
}>;

/** Counts the start on the user stream (5 a day); the sixth blocks the user for 24 hours. */
const countStart = async (
  deps: ServiceDeps,
  account: Account,
  flowId: string,
  metadata: CommandMetadata,
): Promise<boolean> => {
  const { newEvents } = await handleCommand(
    deps,
    userStreamId(account.userId),
    credentialFold,
    metadata,
    (state) => decideResetAccount({ type: 'CountResetStart', data: { flowId }, metadata }, state),
  );
  return attemptAllowed(newEvents);
};

/**
 * Starts a reset or unlock. Always answers with the same shape and status, whoever the username
 * belongs to (or nobody): ineligible flows show real or decoy methods, never send anything and
 * never pass a gate; only the recorded `ineligibleReason` tells the truth.
 *
 * Two streams, user first: the start is counted, then the flow is created. A crash between the
 * two leaves one extra counted start and no flow (the caller saw an error): conservative.
 */
export const handleStartPasswordReset = async (
  deps: ServiceDeps,
  input: StartPasswordResetInput,
  metadata: CommandMetadata,
): Promise<ResetFlowView> => {
  assertUsername(input.username);
  const tenant = await loadTenant(deps.eventStore, metadata.tenantId);
  const account = await findAccountByUsername(deps.eventStore, tenant.tenantId, input.username);
  const flowId = deps.random.token(FLOW_ID_BYTES);
  let assessment: ResetAssessment = assessResetEligibility(
    deps.codeHasher,
    tenant,
    input.username,
    account?.user ?? null,
    metadata.now,
  );
  if (assessment.eligible && account && !(await countStart(deps, account, flowId, metadata))) {
    assessment = { ...assessment, eligible: false, ineligibleReason: 'blocked' };
  }
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
