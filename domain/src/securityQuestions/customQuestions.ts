import { ValidationError } from '../core/errors.js';
import { normalizeQuestion } from './normalizeAnswer.js';
import { predefinedSecurityQuestions } from './predefinedQuestions.js';

/** Entra's limits on a tenant's own questions. */
export const customSecurityQuestionsMax = 20;
export const securityQuestionMinLength = 3;
export const securityQuestionMaxLength = 200;

/** How many questions a user registers: a tenant setting, Entra's 3 to 5. */
export const securityQuestionsToRegisterMin = 3;
export const securityQuestionsToRegisterMax = 5;

export type SecurityQuestionViolation = Readonly<{ reason: string; message: string }>;

const predefinedTexts = new Set(predefinedSecurityQuestions.map((q) => normalizeQuestion(q.text)));

/** The length of a question as shown: NFKC, trimmed, inner spaces collapsed, in code points. */
export function questionLength(text: string): number {
  return [...normalizeQuestion(text)].length;
}

/**
 * Checks a tenant's custom questions: at most 20, each 3 to 200 characters, no two alike and
 * none a copy of a predefined question. Questions are not secret, so messages quote them.
 */
export function customQuestionViolations(
  questions: readonly string[],
): SecurityQuestionViolation[] {
  const violations: SecurityQuestionViolation[] = [];
  if (questions.length > customSecurityQuestionsMax) {
    violations.push({
      reason: 'TooManyCustomSecurityQuestions',
      message: `A tenant may define at most ${customSecurityQuestionsMax} custom security questions, got ${questions.length}`,
    });
  }
  const seen = new Set<string>();
  questions.forEach((question, index) => {
    const length = questionLength(question);
    const label = `Custom question ${index + 1} "${question.slice(0, securityQuestionMaxLength)}"`;
    if (length < securityQuestionMinLength || length > securityQuestionMaxLength) {
      violations.push({
        reason: 'SecurityQuestionLength',
        message: `${label} has ${length} characters; questions must be ${securityQuestionMinLength} to ${securityQuestionMaxLength} characters`,
      });
    }
    const key = normalizeQuestion(question);
    if (seen.has(key)) {
      violations.push({ reason: 'SecurityQuestionDuplicate', message: `${label} is listed twice` });
    } else if (predefinedTexts.has(key)) {
      violations.push({
        reason: 'SecurityQuestionDuplicate',
        message: `${label} is already one of the predefined questions`,
      });
    }
    seen.add(key);
  });
  return violations;
}

/** Throws a ValidationError naming every bad custom question (for the policy editor). */
export function assertCustomSecurityQuestions(questions: readonly string[]): void {
  const violations = customQuestionViolations(questions);
  const [first] = violations;
  if (first) throw new ValidationError(first.reason, first.message, { violations });
}
