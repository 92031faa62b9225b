import {
  credentialFold,
  evolveResetFlow,
  initialResetFlowState,
  needsWriteback,
  ResetlineError,
  resetStreamId,
  type ActiveTenant,
  type DeliveryChannel,
  type OfferedMethod,
  type OpenFlow,
  type ResetEvent,
  type ResetFlowState,
  type UserEvent,
} from '@resetline/domain';
import { track, type Tracked } from '../eventWriter.js';
import {
  resetDomain,
  startCountedOnUserStream,
  type ResetAccountCommand,
  type ResetFlowCommand,
} from '../resetDomain.js';
import {
  activeTenant,
  existing,
  isLockedAt,
  metadataFor,
  systemActor,
  wait,
  type SeedTenant,
  type SeedUser,
  type Sim,
} from '../sim.js';
import { adoptPassword, freshPassword, weakProposalReasons } from './passwordChange.js';
import type { Origin } from './signIn.js';

const { decideResetFlow, decideResetAccount, attemptAllowed } = resetDomain;

type Flow = Tracked<ResetFlowState>;
type Step = 'chooseMethod' | 'verify' | 'secondGate' | 'newPassword';
type Metadata = ReturnType<typeof metadataFor>;

/** One reset or unlock attempt as the portal drives it: who, from where, and where they stop. */
export type ResetAttempt = Readonly<{
  tenant: SeedTenant;
  /** The account behind the username, or null for an unknown or mistyped name. */
  user: SeedUser | null;
  username: string;
  purpose: 'reset' | 'unlock';
  from: Origin;
  /** The step the person walks away at, or null to go to the end. */
  abandonAt: Step | null;
  /** How many wrong codes an ineligible or unlucky person tries before giving up. */
  persistence: number;
}>;

type Run = Readonly<{ sim: Sim; attempt: ResetAttempt; flow: Flow; tenant: ActiveTenant }>;

const anonymousMetadata = (run: Run): Metadata =>
  metadataFor(
    run.sim,
    run.attempt.tenant.tenantId,
    { kind: 'anonymous', id: run.attempt.from.ip },
    run.attempt.from,
  );

/** The reset flow's decider on the flow stream; a refusal (expired, ended) records nothing. */
const onFlow = (
  run: Run,
  command: (metadata: Metadata) => ResetFlowCommand,
  metadata = anonymousMetadata(run),
): readonly ResetEvent[] => {
  try {
    const events = decideResetFlow(command(metadata), run.flow.state);
    return run.sim.writer.record(run.flow, events, evolveResetFlow, metadata);
  } catch (error) {
    if (!(error instanceof ResetlineError)) throw error;
    return [];
  }
};

/** The reset flow's account decisions (throttles, wrong answers, the reset) on the user stream. */
const onUser = (
  run: Run,
  user: SeedUser,
  command: (metadata: Metadata) => ResetAccountCommand,
): readonly UserEvent[] => {
  const metadata = anonymousMetadata(run);
  try {
    const events = decideResetAccount(command(metadata), user.stream.state);
    return run.sim.writer.record(user.stream, events, credentialFold.evolve, metadata);
  } catch (error) {
    if (!(error instanceof ResetlineError)) throw error;
    return [];
  }
};

const openFlow = (run: Run): OpenFlow | null =>
  run.flow.state.status === 'open' ? run.flow.state : null;

/** The account while an eligible flow can still change it (the gate service's rule). */
const eligibleUser = (run: Run): SeedUser | null => {
  const flow = openFlow(run);
  const user = run.attempt.user;
  if (!flow?.eligible || !user || existing(user)?.status !== 'active') return null;
  return user;
};

const countAttempt = (run: Run, user: SeedUser, kind: 'emailSent' | 'phoneVerification'): boolean =>
  attemptAllowed(
    onUser(run, user, (metadata) => ({
      type: 'CountVerificationAttempt',
      data: { flowId: openFlow(run)!.flowId, kind },
      metadata,
    })),
  );

const channelFor = (run: Run, method: OfferedMethod): DeliveryChannel => {
  if (method.method === 'email') return 'email';
  if (method.method === 'officePhone') return 'voice';
  return run.sim.prng.chance(0.1) ? 'voice' : 'sms';
};

/** Sends a code when the flow may (eligible, registered target, under the throttle); returns it. */
const sendCode = (run: Run, method: OfferedMethod): string | null => {
  const { sim } = run;
  const flow = openFlow(run)!;
  const user = eligibleUser(run);
  const registered = user && existing(user)?.methods.find((m) => m.method === method.method);
  let delivery: Extract<ResetFlowCommand, { type: 'SendResetCode' }>['data']['delivery'] = null;
  let code: string | null = null;
  if (user && registered?.target) {
    const kind = method.method === 'email' ? 'emailSent' : 'phoneVerification';
    if (countAttempt(run, user, kind)) {
      const issued = resetDomain.issueCode(sim, flow.flowId, method.methodId, method.method);
      sim.issuedCodes?.push(issued.code);
      code = issued.code;
      delivery = {
        target: registered.target,
        maskedTarget: registered.maskedTarget ?? registered.target,
        codeHash: issued.codeHash,
        sealedCode: issued.sealedCode,
      };
    }
  }
  onFlow(run, (metadata) => ({
    type: 'SendResetCode',
    data: { methodId: method.methodId, channel: channelFor(run, method), delivery },
    metadata,
  }));
  return code;
};

/** What the person types: the code, a slip of one digit, or something made up. */
const typedCode = (run: Run, code: string | null, right: boolean): string => {
  const { prng } = run.sim;
  if (code && right) return code;
  if (code) return code.slice(0, -1) + String((Number(code.at(-1)) + 1 + prng.int(9)) % 10);
  return prng.digits(prng.chance(0.5) ? 6 : 8);
};

/** Code methods: send, then type it, maybe late, maybe wrong; the real judge compares hashes. */
const passCodeGate = (run: Run, method: OfferedMethod): boolean => {
  const { sim } = run;
  let code = sendCode(run, method);
  wait(sim, 40);
  if (run.attempt.abandonAt === 'verify') return false;
  for (let tries = 0; tries < run.attempt.persistence; tries++) {
    const flow = openFlow(run);
    if (!flow) return false;
    if (code && sim.prng.chance(0.04)) sim.at += 5 * 60_000;
    const right = code !== null && sim.prng.chance(0.85);
    const verdict = resetDomain.judgeCode(
      sim.codeHasher,
      flow,
      method.methodId,
      typedCode(run, code, right),
      new Date(sim.at),
    );
    const events = onFlow(run, (metadata) => ({
      type: 'VerifyResetCode',
      data: { methodId: method.methodId, verdict },
      metadata,
    }));
    if (events.some((e) => e.type === 'ResetGatePassed')) return true;
    wait(sim, 15);
    if (verdict === 'expiredCode' || (verdict === 'noCodeSent' && sim.prng.chance(0.5))) {
      code = sendCode(run, method);
      wait(sim, 30);
    }
  }
  return false;
};

const passAuthenticatorGate = (run: Run, method: OfferedMethod): boolean => {
  const { sim } = run;
  wait(sim, 25);
  for (let tries = 0; tries < run.attempt.persistence; tries++) {
    if (!openFlow(run)) return false;
    const user = eligibleUser(run);
    const hasSecret = user && existing(user)?.methods.some((m) => m.method === 'authenticator');
    const valid = hasSecret && countAttempt(run, user, 'phoneVerification') && sim.prng.chance(0.9);
    const events = onFlow(run, (metadata) => ({
      type: 'VerifyResetCode',
      data: { methodId: method.methodId, verdict: valid ? 'valid' : 'wrongCode' },
      metadata,
    }));
    if (events.some((e) => e.type === 'ResetGatePassed')) return true;
    wait(sim, 15);
  }
  return false;
};

/** Questions: a wrong set also counts as a failed sign-in (and may lock the account). */
const passQuestionsGate = (run: Run): boolean => {
  const { sim } = run;
  wait(sim, 60);
  for (let tries = 0; tries < run.attempt.persistence; tries++) {
    if (!openFlow(run)) return false;
    const user = eligibleUser(run);
    const allowed = user !== null && countAttempt(run, user, 'phoneVerification');
    const correct = allowed && user.answers.size > 0 && sim.prng.chance(0.8);
    if (user && allowed && !correct) {
      onUser(run, user, (metadata) => ({
        type: 'RecordWrongSecurityAnswers',
        data: { lockoutPolicy: run.tenant.lockoutPolicy },
        metadata,
      }));
    }
    const events = onFlow(run, (metadata) => ({
      type: 'AnswerSecurityQuestions',
      data: { correct },
      metadata,
    }));
    if (events.some((e) => e.type === 'ResetGatePassed')) return true;
    wait(sim, 30);
  }
  return false;
};

const passGate = (run: Run, method: OfferedMethod): boolean => {
  if (method.method === 'securityQuestions') return passQuestionsGate(run);
  if (method.method === 'authenticator') return passAuthenticatorGate(run, method);
  return passCodeGate(run, method);
};

/** People prefer a code by email or text, then the app, then questions. */
const preference: Readonly<Record<OfferedMethod['method'], number>> = {
  email: 5,
  mobilePhone: 4,
  authenticator: 3,
  officePhone: 1,
  securityQuestions: 2,
};

const chooseMethod = (run: Run, flow: OpenFlow): OfferedMethod | undefined => {
  const left = flow.methods.filter((m) => !flow.passedMethodIds.includes(m.methodId));
  if (left.length === 0) return undefined;
  const key = run.sim.prng.weighted(
    Object.fromEntries(left.map((m, i) => [String(i), preference[m.method]])),
  );
  return left[Number(key)];
};

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
  let assessment = resetDomain.assessResetEligibility(
    sim.codeHasher,
    tenant,
    attempt.username,
    account,
    new Date(sim.at),
  );
  if (startCountedOnUserStream && assessment.eligible && attempt.user && account) {
    const counted = onUser(run, attempt.user, (metadata) => ({
      type: 'CountResetStart',
      data: { flowId },
      metadata,
    }));
    if (!attemptAllowed(counted))
      assessment = { ...assessment, eligible: false, ineligibleReason: 'blocked' };
  }
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
