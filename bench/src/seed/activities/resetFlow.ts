import { needsWriteback, resetStreamId, initialResetFlowState } from '@resetline/domain';
import { track } from '../eventWriter.js';
import { resetDomain } from '../resetDomain.js';
import {
  activeTenant,
  existing,
  isLockedAt,
  metadataFor,
  systemActor,
  wait,
  type Sim,
  type SeedUser,
} from '../sim.js';
import { adoptPassword, freshPassword, weakProposalReasons } from './passwordChange.js';
import { chooseMethod, passGate } from './resetGates.js';
import { onFlow, onUser, openFlow, type ResetAttempt, type Run } from './resetRun.js';

export type { ResetAttempt } from './resetRun.js';

/** The scheduler ends a flow left open, at its expiry; the user's own time is not moved. */
const abandon = (run: Run): void => {
  const flow = openFlow(run);
  if (!flow) return;
  const resume = run.sim.at;
  run.sim.at = Math.max(resume, flow.expiresAt.getTime()) + run.sim.prng.int(300_000);
  onFlow(
    run,
    (metadata) => ({ type: 'AbandonExpiredFlow', data: {}, metadata }),
    metadataFor(run.sim, run.attempt.tenant.tenantId, systemActor),
  );
  run.sim.at = resume;
};

/** After the gates: unlock only, or a new password (sometimes refused first), with writeback. */
const finish = (run: Run, user: SeedUser): void => {
  const { sim } = run;
  const state = existing(user);
  if (!state || state.status !== 'active') {
    onFlow(run, (metadata) => ({
      type: 'FailPasswordReset',
      data: { reason: 'ineligible', detail: 'FlowInvalidated' },
      metadata,
    }));
    return;
  }
  const writeback = needsWriteback(run.tenant, state);
  if (writeback && sim.prng.chance(0.03)) {
    onFlow(run, (metadata) => ({
      type: 'FailPasswordReset',
      data: { reason: 'writebackFailed', detail: 'WritebackFailed' },
      metadata,
    }));
    return;
  }
  const unlockOnly =
    run.attempt.purpose === 'unlock' && openFlow(run)!.unlockAllowed && isLockedAt(state, sim.at);
  if (unlockOnly) {
    onUser(run, user, (metadata) => ({ type: 'UnlockBySelf', data: {}, metadata }));
    onFlow(run, (metadata) => ({ type: 'UnlockAccount', data: { writeback }, metadata }));
    return;
  }
  if (sim.prng.chance(0.12)) {
    onFlow(run, (metadata) => ({
      type: 'RejectNewPassword',
      data: { reasons: weakProposalReasons(sim, user) },
      metadata,
    }));
    wait(sim, 20);
  }
  const next = freshPassword(sim, user);
  const flowId = openFlow(run)!.flowId;
  onUser(run, user, (metadata) => ({
    type: 'ResetPasswordBySelf',
    data: { flowId, hash: sim.pool.passwordHashes[next]! },
    metadata,
  }));
  adoptPassword(user, next);
  onFlow(run, (metadata) => ({ type: 'CompletePasswordReset', data: { writeback }, metadata }));
};

/**
 * One self-service reset or unlock, step by step as the services run it: the start is counted
 * on the user stream (throttle) and assessed (eligibility, decoys), codes are issued and judged
 * for real (keyed hashes), wrong codes and answers end the flow at five, and a flow left open is
 * abandoned by the scheduler at its expiry.
 */
export const resetFlow = (sim: Sim, attempt: ResetAttempt): void => {
  const tenant = activeTenant(attempt.tenant);
  const flowId = sim.random.token(resetDomain.FLOW_ID_BYTES);
  const run: Run = {
    sim,
    attempt,
    tenant,
    flow: track(resetStreamId(flowId), initialResetFlowState()),
  };
  const account = attempt.user ? existing(attempt.user) : null;
  const assessment = resetDomain.assessResetEligibility(
    sim.codeHasher,
    tenant,
    attempt.username,
    account,
    new Date(sim.at),
  );
  // The start writes nothing on the user stream: the first gate action counts the attempt.
  onFlow(run, (metadata) => ({
    type: 'StartPasswordReset',
    data: {
      flowId,
      username: attempt.username,
      userId: account ? attempt.user!.userId : null,
      purpose: attempt.purpose,
      eligible: assessment.eligible,
      ineligibleReason: assessment.ineligibleReason,
      gatesRequired: assessment.gatesRequired,
      methods: assessment.methods,
      unlockAllowed: tenant.ssprPolicy.allowUnlockWithoutReset,
      policyVersion: tenant.policyVersion,
    },
    metadata,
  }));
  wait(sim, 20);
  if (attempt.abandonAt === 'chooseMethod') return abandon(run);
  for (let gate = 0; ; gate++) {
    const flow = openFlow(run);
    if (!flow) return;
    if (flow.passedMethodIds.length >= flow.gatesRequired) break;
    if (gate > 0 && attempt.abandonAt === 'secondGate') return abandon(run);
    const method = chooseMethod(run, flow);
    if (!method || !passGate(run, method)) return abandon(run);
    wait(sim, 10);
  }
  if (attempt.abandonAt === 'newPassword' || !attempt.user) return abandon(run);
  wait(sim, 30);
  finish(run, attempt.user);
};
