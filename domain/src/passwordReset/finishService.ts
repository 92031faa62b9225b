import {
  handleCommand,
  IllegalStateError,
  ResetlineError,
  ValidationError,
  type CommandMetadata,
  type ServiceDeps,
} from '../core/index.js';
import type { CandidatePassword } from '../password/index.js';
import { writeBack, type WritebackAction } from '../passwordChange/directoryWriteback.js';
import { vetNewPassword } from '../passwordChange/newPassword.js';
import { loadAccount, type Account } from '../signIn/accounts.js';
import { loadActiveTenant } from '../tenant/service.js';
import { credentialFold } from '../signIn/credentialState.js';
import type { ActiveTenant } from '../tenant/tenant.js';
import { userStreamId } from '../user/user.js';
import { decideResetAccount, type ResetAccountCommand } from './accountBusinessLogic.js';
import { decideResetFlow, type ResetFlowCommand } from './businessLogic.js';
import { appendToFlow, flowStartedAt, loadUsableFlow } from './flows.js';
import type { OpenFlow } from './passwordReset.js';

export type FinishedFlow = Readonly<{ flowId: string; status: 'completed' }>;

const credentialEvents = new Set([
  'InitialPasswordSet',
  'PasswordChanged',
  'PasswordReset',
  'PasswordResetByAdmin',
]);

/** A flow is single use: any credential change since it started voids it. */
const credentialChangedSince = (account: Account, since: Date): boolean =>
  account.loaded.events.some(
    (e) => credentialEvents.has(e.type) && e.occurredAt.getTime() >= since.getTime(),
  );

const resetByThisFlow = (account: Account, flowId: string): boolean =>
  account.loaded.events.some((e) => e.type === 'PasswordReset' && e.data['flowId'] === flowId);

const onUser = (deps: ServiceDeps, account: Account, command: ResetAccountCommand) =>
  handleCommand(deps, userStreamId(account.userId), credentialFold, command.metadata, (state) =>
    decideResetAccount(command, state),
  );

/** Ends the flow as failed, then rethrows what made it fail. */
const failFlow = async (
  deps: ServiceDeps,
  flow: OpenFlow,
  reason: 'writebackFailed' | 'ineligible',
  error: ResetlineError,
  metadata: CommandMetadata,
): Promise<never> => {
  await appendToFlow(deps, flow.flowId, {
    type: 'FailPasswordReset',
    data: { reason, detail: String(error.details['directoryReason'] ?? error.reason) },
    metadata,
  });
  throw error;
};

/** The flow's account, if it may still be changed through this flow; otherwise the flow fails. */
const accountOrFail = async (
  deps: ServiceDeps,
  flow: OpenFlow,
  metadata: CommandMetadata,
): Promise<Account> => {
  const account = flow.userId
    ? await loadAccount(deps.eventStore, metadata.tenantId, flow.userId)
    : null;
  if (account?.user.status === 'active' && !credentialChangedSince(account, flowStartedAt(flow)))
    return account;
  const invalidated = new IllegalStateError(
    'FlowInvalidated',
    'This reset can no longer be completed: start a new one',
  );
  return failFlow(deps, flow, 'ineligible', invalidated, metadata);
};

const writeBackOrFail = async (
  deps: ServiceDeps,
  tenant: ActiveTenant,
  flow: OpenFlow,
  account: Account,
  action: WritebackAction,
  metadata: CommandMetadata,
): Promise<boolean> => {
  try {
    return await writeBack(deps, tenant, account.user, action);
  } catch (error) {
    if (!(error instanceof ResetlineError)) throw error;
    if (error.reason === 'DirectoryPolicyRefused') {
      // Like a refusal by Resetline's own rules: recorded, and the flow stays open for another try.
      await appendToFlow(deps, flow.flowId, {
        type: 'RejectNewPassword',
        data: { reasons: [error.reason] },
        metadata,
      });
      throw error;
    }
    return failFlow(deps, flow, 'writebackFailed', error, metadata);
  }
};

const vetOrReject = async (
  deps: ServiceDeps,
  tenant: ActiveTenant,
  flow: OpenFlow,
  account: Account,
  newPassword: string,
  metadata: CommandMetadata,
): Promise<CandidatePassword> => {
  try {
    return await vetNewPassword(deps.passwordHasher, tenant, account.user, newPassword);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const violations = (error.details['violations'] as { reason: string }[] | undefined) ?? [
      { reason: error.reason },
    ];
    const reasons = violations.map((v) => v.reason);
    await appendToFlow(deps, flow.flowId, {
      type: 'RejectNewPassword',
      data: { reasons },
      metadata,
    });
    throw error;
  }
};

/**
 * Sets the new password once every gate passed. Order: rules, one hash, history (a refusal
 * keeps the flow open), writeback (a failure ends the flow and changes nothing), the user stream
 * (`PasswordReset` clears lockout and throttles), then the flow. A crash after the user stream
 * leaves the flow open with the password set; a retry of this call completes the flow only.
 */
export const handleCompletePasswordReset = async (
  deps: ServiceDeps,
  input: Readonly<{ flowId: string; newPassword: string }>,
  metadata: CommandMetadata,
): Promise<FinishedFlow> => {
  const flow = await loadUsableFlow(deps, input.flowId, metadata);
  const complete = (writeback: boolean): ResetFlowCommand => ({
    type: 'CompletePasswordReset',
    data: { writeback },
    metadata,
  });
  decideResetFlow(complete(false), flow);
  const repaired = flow.userId
    ? await loadAccount(deps.eventStore, metadata.tenantId, flow.userId)
    : null;
  if (repaired && resetByThisFlow(repaired, flow.flowId)) {
    await appendToFlow(deps, flow.flowId, complete(false));
    return { flowId: flow.flowId, status: 'completed' };
  }
  const tenant = await loadActiveTenant(deps, metadata.tenantId);
  const account = await accountOrFail(deps, flow, metadata);
  const { normalized, hash } = await vetOrReject(
    deps,
    tenant,
    flow,
    account,
    input.newPassword,
    metadata,
  );
  const written = await writeBackOrFail(
    deps,
    tenant,
    flow,
    account,
    { kind: 'setPassword', password: normalized },
    metadata,
  );
  await onUser(deps, account, {
    type: 'ResetPasswordBySelf',
    data: { flowId: flow.flowId, hash },
    metadata,
  });
  await appendToFlow(deps, flow.flowId, complete(written));
  return { flowId: flow.flowId, status: 'completed' };
};

/** Unlocks without a reset, when the policy allows it and every gate passed. User stream first. */
export const handleUnlockAccount = async (
  deps: ServiceDeps,
  input: Readonly<{ flowId: string }>,
  metadata: CommandMetadata,
): Promise<FinishedFlow> => {
  const flow = await loadUsableFlow(deps, input.flowId, metadata);
  const unlock = (writeback: boolean): ResetFlowCommand => ({
    type: 'UnlockAccount',
    data: { writeback },
    metadata,
  });
  decideResetFlow(unlock(false), flow);
  const tenant = await loadActiveTenant(deps, metadata.tenantId);
  const account = await accountOrFail(deps, flow, metadata);
  const written = await writeBackOrFail(deps, tenant, flow, account, { kind: 'unlock' }, metadata);
  await onUser(deps, account, { type: 'UnlockBySelf', data: {}, metadata });
  await appendToFlow(deps, flow.flowId, unlock(written));
  return { flowId: flow.flowId, status: 'completed' };
};
