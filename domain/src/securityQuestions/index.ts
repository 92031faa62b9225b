export {
  assertCustomSecurityQuestions,
  customQuestionViolations,
  customSecurityQuestionsMax,
  questionLength,
  securityQuestionMaxLength,
  securityQuestionMinLength,
  securityQuestionsToRegisterMax,
  securityQuestionsToRegisterMin,
  type SecurityQuestionViolation,
} from './customQuestions.js';
export {
  normalizeAnswer,
  normalizeQuestion,
  securityAnswerInputHardCap,
  securityAnswerMaxLength,
  securityAnswerMinLength,
} from './normalizeAnswer.js';
export {
  predefinedSecurityQuestions,
  type PredefinedSecurityQuestionId,
} from './predefinedQuestions.js';
export {
  answerRepeatsQuestion,
  checkSecurityQuestionsRegistration,
  securityQuestionsRegistrationViolations,
  type NormalizedSecurityAnswer,
  type SecurityAnswerInput,
  type SecurityQuestionRef,
  type SecurityQuestionSettings,
} from './registration.js';
