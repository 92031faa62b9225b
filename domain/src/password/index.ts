export {
  bannedPasswordMinScore,
  bannedTermMinLength,
  buildBannedTermIndex,
  evaluateBannedPassword,
  globalBannedPasswords,
  globalBannedTermIndex,
  containsBannedSubstring,
  normalizeForBannedCheck,
  type BannedPasswordEvaluation,
  type BannedPasswordLists,
  type BannedTermSource,
} from './bannedPasswords.js';
export {
  assertNewPassword,
  characterClassCount,
  checkNewPassword,
  type PasswordCheckContext,
  type PasswordCheckResult,
  type PasswordViolation,
  type PasswordViolationReason,
} from './checkPassword.js';
export { FuzzyTermIndex } from './fuzzyTermIndex.js';
export {
  codePointLength,
  normalizePassword,
  passwordInputHardCap,
  passwordMaxLength,
  type NormalizedPassword,
} from './normalize.js';
export {
  assertPasswordNotReused,
  hashesToCompare,
  isReusedPassword,
  type CandidatePassword,
  type HistoryHasher,
  type PasswordHistory,
  type VerifiedPassword,
} from './passwordHistory.js';
export {
  customBannedPasswordsMax,
  customBannedTermMaxLength,
  customBannedTermMinLength,
  defaultPasswordPolicy,
  parsePasswordPolicy,
  passwordPolicySchema,
  type PasswordPolicy,
  type PasswordPolicyInput,
} from './passwordPolicy.js';
