import {
  handleCommand,
  IllegalStateError,
  loadStream,
  NotFoundError,
  type CommandMetadata,
  type Fold,
  type ServiceDeps,
} from '../core/index.js';
import { loadAccount, type Account } from '../signIn/accounts.js';
import { loadActiveTenant } from '../tenant/service.js';
import type { ActiveTenant } from '../tenant/tenant.js';
import { decideResetFlow, type ResetFlowCommand } from './businessLogic.js';
import { assessResetEligibility } from './eligibility.js';
import { isExpired, openFlow } from './flowGuards.js';
import {
  evolveResetFlow,
  gatesPassed,
  initialResetFlowState,
  resetStreamId,
  type OfferedMethod,
  type OpenFlow,
  type ResetEvent,
  type ResetFlowState,
} from './passwordReset.js';
import { drawQuestions } from './securityQuestionDraw.js';

/** 192 bits from the CSPRNG, base64url (32 characters): never a UUID. */
export const FLOW_ID_BYTES = 24;
const FLOW_ID_FORMAT = /^[A-Za-z0-9_-]{22,64}$/;

export const resetFlowFold: Fold<ResetFlowState, ResetEvent> = {
  evolve: evolveResetFlow,
  initialState: initialResetFlowState,
};

/** What the caller sees of a flow: identical in shape for eligible and ineligible users. */
export type ResetFlowView = Readonly<{
  flowId: string;
  status: 'open';
  methods: readonly (OfferedMethod & { questions?: readonly string[] })[];
  gatesRequired: 1 | 2;
  gatesPassed: number;
  unlockAllowed: boolean;
  expiresAt: Date;
}>;

export const toFlowView = (flow: OpenFlow, questions: readonly string[]): ResetFlowView => ({
  flowId: flow.flowId,
  status: 'open',
  methods: flow.methods.map((m) => (m.method === 'securityQuestions' ? { ...m, questions } : m)),
  gatesRequired: flow.gatesRequired,
  gatesPassed: gatesPassed(flow),
  unlockAllowed: flow.unlockAllowed,
  expiresAt: flow.expiresAt,
});

/** The questions this flow asks, drawn from the registered ones (or the decoy's). */
export const flowQuestions = (
  deps: Pick<ServiceDeps, 'codeHasher'>,
  tenant: ActiveTenant,
  flow: OpenFlow,
  account: Account | null,
  now: Date,
): string[] => {
  const assessment = assessResetEligibility(
    deps.codeHasher,
    tenant,
    flow.username,
    account?.user ?? null,
    now,
  );
  return drawQuestions(
    deps.codeHasher,
    flow.flowId,
    assessment.questions,
    tenant.ssprPolicy.securityQuestions.toAnswer,
  );
};

export const appendToFlow = (
  deps: Pick<ServiceDeps, 'eventStore' | 'random'>,
  flowId: string,
  command: ResetFlowCommand,
) =>
  handleCommand(deps, resetStreamId(flowId), resetFlowFold, command.metadata, (state) =>
    decideResetFlow(command, state),
  );

/** Records the abandonment of an expired open flow; true when it did. For the scheduler too. */
export const abandonIfExpired = async (
  deps: Pick<ServiceDeps, 'eventStore' | 'random'>,
  flowId: string,
  metadata: CommandMetadata,
): Promise<boolean> => {
  const { newEvents } = await appendToFlow(deps, flowId, {
    type: 'AbandonExpiredFlow',
    data: {},
    metadata,
  });
  return newEvents.length > 0;
};

const unknownFlow = (): NotFoundError =>
  new NotFoundError('UnknownFlow', 'This reset flow does not exist');

/**
 * The open flow of this tenant, or a clear refusal: unknown (or another tenant's), ended, or
 * expired (then recorded as abandoned first).
 */
export const loadUsableFlow = async (
  deps: ServiceDeps,
  flowId: string,
  metadata: CommandMetadata,
): Promise<OpenFlow> => {
  if (!FLOW_ID_FORMAT.test(flowId)) throw unknownFlow();
  const loaded = await loadStream(deps.eventStore, resetStreamId(flowId), resetFlowFold);
  if (loaded.revision >= 0 && loaded.events[0]?.metadata.tenantId !== metadata.tenantId)
    throw unknownFlow();
  const flow = openFlow(loaded.state);
  if (isExpired(flow, metadata.now)) {
    await abandonIfExpired(deps, flowId, metadata);
    throw new IllegalStateError('FlowExpired', 'This reset session has expired: start a new one');
  }
  return flow;
};

export { flowStartedAt } from './passwordReset.js';

/**
 * The flow as the caller sees it (methods, drawn questions, gates), for a page reload. Refuses
 * like every flow command: unknown, ended or expired.
 */
export const handleDescribeResetFlow = async (
  deps: ServiceDeps,
  input: Readonly<{ flowId: string }>,
  metadata: CommandMetadata,
): Promise<ResetFlowView> => {
  const flow = await loadUsableFlow(deps, input.flowId, metadata);
  const tenant = await loadActiveTenant(deps, metadata.tenantId);
  const account = flow.userId
    ? await loadAccount(deps.eventStore, metadata.tenantId, flow.userId)
    : null;
  return toFlowView(flow, flowQuestions(deps, tenant, flow, account, metadata.now));
};
