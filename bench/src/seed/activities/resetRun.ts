import {
  credentialFold,
  evolveResetFlow,
  ResetlineError,
  type ActiveTenant,
  type OpenFlow,
  type ResetEvent,
  type ResetFlowState,
  type UserEvent,
} from '@resetline/domain';
import type { Tracked } from '../eventWriter.js';
import { resetDomain, type ResetAccountCommand, type ResetFlowCommand } from '../resetDomain.js';
import { existing, metadataFor, type SeedTenant, type SeedUser, type Sim } from '../sim.js';
import type { Origin } from './signIn.js';

// One reset flow in progress: its stream, who drives it, and the two deciders it runs through.

const { decideResetFlow, decideResetAccount } = resetDomain;

export type Flow = Tracked<ResetFlowState>;
export type Step = 'chooseMethod' | 'verify' | 'secondGate' | 'newPassword';
export type Metadata = ReturnType<typeof metadataFor>;

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

export type Run = Readonly<{ sim: Sim; attempt: ResetAttempt; flow: Flow; tenant: ActiveTenant }>;

export const anonymousMetadata = (run: Run): Metadata =>
  metadataFor(
    run.sim,
    run.attempt.tenant.tenantId,
    { kind: 'anonymous', id: run.attempt.from.ip },
    run.attempt.from,
  );

/** The reset flow's decider on the flow stream; a refusal (expired, ended) records nothing. */
export const onFlow = (
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
export const onUser = (
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

export const openFlow = (run: Run): OpenFlow | null =>
  run.flow.state.status === 'open' ? run.flow.state : null;

/** The account while an eligible flow can still change it (the gate service's rule). */
export const eligibleUser = (run: Run): SeedUser | null => {
  const flow = openFlow(run);
  const user = run.attempt.user;
  if (!flow?.eligible || !user || existing(user)?.status !== 'active') return null;
  return user;
};
