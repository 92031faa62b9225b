import {
  assessResetEligibility,
  attemptAllowed,
  decideResetAccount,
  decideResetFlow,
  drawQuestions,
  FLOW_ID_BYTES,
  issueCode,
  judgeCode,
} from '@resetline/domain';

export type {
  CodeVerdict,
  ResetAccountCommand,
  ResetAssessment,
  ResetFlowCommand,
} from '@resetline/domain';

/** The reset flow's pure deciders, which the generator calls directly (the services hash). */
export const resetDomain = {
  decideResetFlow,
  decideResetAccount,
  attemptAllowed,
  assessResetEligibility,
  drawQuestions,
  issueCode,
  judgeCode,
  FLOW_ID_BYTES,
} as const;
