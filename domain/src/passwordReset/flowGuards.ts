import { IllegalStateError, NotFoundError, ValidationError } from '../core/index.js';
import {
  gatesPassed,
  type OfferedMethod,
  type OpenFlow,
  type ResetFlowState,
} from './passwordReset.js';

export const isExpired = (flow: OpenFlow, now: Date): boolean =>
  now.getTime() >= flow.expiresAt.getTime();

/** Refuses a flow that never existed or has ended; an expired one is refused by `usableFlow`. */
export const openFlow = (state: ResetFlowState): OpenFlow => {
  if (state.status === 'none')
    throw new NotFoundError('UnknownFlow', 'This reset flow does not exist');
  if (state.status !== 'open') {
    throw new IllegalStateError(
      'FlowEnded',
      `This reset flow has ended (${state.status}): start a new one`,
      {
        status: state.status,
      },
    );
  }
  return state;
};

export const usableFlow = (state: ResetFlowState, now: Date): OpenFlow => {
  const flow = openFlow(state);
  if (isExpired(flow, now)) {
    throw new IllegalStateError('FlowExpired', 'This reset session has expired: start a new one');
  }
  return flow;
};

export const gatesLeft = (flow: OpenFlow): boolean => gatesPassed(flow) < flow.gatesRequired;

/** A method the flow offers that can still be used as a gate. */
export const pendingMethod = (flow: OpenFlow, methodId: string): OfferedMethod => {
  const method = flow.methods.find((m) => m.methodId === methodId);
  // Not echoed: a caller may paste anything here, a code included.
  if (!method) throw new ValidationError('UnknownMethod', 'This reset flow offers no such method');
  if (!gatesLeft(flow))
    throw new IllegalStateError('GatesAlreadyPassed', 'Every verification step is done');
  if (flow.passedMethodIds.includes(methodId)) {
    throw new IllegalStateError(
      'MethodAlreadyPassed',
      'This method was already verified: choose another one',
    );
  }
  return method;
};

export const allGatesPassed = (flow: OpenFlow): void => {
  if (gatesLeft(flow)) {
    throw new IllegalStateError('GatesNotPassed', `Verify ${flow.gatesRequired} method(s) first`);
  }
};

export const verifiedUser = (flow: OpenFlow): string => {
  allGatesPassed(flow);
  if (!flow.eligible || !flow.userId)
    throw new IllegalStateError('GatesNotPassed', 'Verify your methods first');
  return flow.userId;
};
