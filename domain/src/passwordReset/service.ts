export { abandonIfExpired, handleDescribeResetFlow, type ResetFlowView } from './flows.js';
export { handleStartPasswordReset, type StartPasswordResetInput } from './startService.js';
export {
  handleAnswerSecurityQuestions,
  handleSendResetCode,
  handleVerifyResetCode,
  type GateResult,
  type SendResetCodeResult,
} from './gateService.js';
export {
  handleCompletePasswordReset,
  handleUnlockAccount,
  type FinishedFlow,
} from './finishService.js';
export type { SecurityAnswer } from './securityQuestionDraw.js';
