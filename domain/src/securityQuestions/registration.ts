import { ValidationError } from '../core/errors.js';
import {
  questionLength,
  securityQuestionMaxLength,
  securityQuestionMinLength,
  securityQuestionsToRegisterMax,
  securityQuestionsToRegisterMin,
  type SecurityQuestionViolation,
} from './customQuestions.js';
import {
  normalizeAnswer,
  normalizeQuestion,
  securityAnswerInputHardCap,
  securityAnswerMaxLength,
  securityAnswerMinLength,
  wordsOf,
} from './normalizeAnswer.js';
import { predefinedSecurityQuestions } from './predefinedQuestions.js';

/** A question a user picked: one of Entra's predefined ones by id, or one of the tenant's own. */
export type SecurityQuestionRef =
  Readonly<{ kind: 'predefined'; id: string }> | Readonly<{ kind: 'custom'; text: string }>;

export type SecurityAnswerInput = Readonly<{ question: SecurityQuestionRef; answer: string }>;

/** The tenant's settings that registration depends on (a slice of the SSPR policy). */
export type SecurityQuestionSettings = Readonly<{
  toRegister: number;
  customQuestions: readonly string[];
}>;

/** A checked answer, ready for the service to hash. `text` is the question as shown. */
export type NormalizedSecurityAnswer = Readonly<{
  question: SecurityQuestionRef;
  text: string;
  normalizedAnswer: string;
}>;

const predefinedById = new Map<string, string>(
  predefinedSecurityQuestions.map((q) => [q.id, q.text]),
);

/**
 * Checks a user's security questions registration against Entra's rules: exactly `toRegister`
 * (3 to 5) questions, each predefined or one of the tenant's, no question twice, answers of 3
 * to 40 characters after normalization, no answer twice, and no answer that contains its
 * question or is made of the question's own words. Messages name the question by position and
 * never contain an answer.
 */
export function securityQuestionsRegistrationViolations(
  answers: readonly SecurityAnswerInput[],
  settings: SecurityQuestionSettings,
): SecurityQuestionViolation[] {
  const violations: SecurityQuestionViolation[] = [];
  const { toRegister } = settings;
  if (toRegister < securityQuestionsToRegisterMin || toRegister > securityQuestionsToRegisterMax) {
    throw new RangeError(`toRegister must be 3 to 5, got ${toRegister}`);
  }
  if (answers.length !== toRegister) {
    violations.push({
      reason: 'SecurityQuestionsCount',
      message: `Answer exactly ${toRegister} security questions (got ${answers.length})`,
    });
  }
  const customTexts = new Map(settings.customQuestions.map((q) => [normalizeQuestion(q), q]));
  const seenQuestions = new Set<string>();
  const seenAnswers = new Set<string>();
  answers.forEach(({ question, answer }, index) => {
    const label = `Question ${index + 1}`;
    const text = resolveQuestion(question, customTexts);
    if (text === undefined) {
      violations.push({
        reason: 'SecurityQuestionUnknown',
        message: `${label} is not one of the questions this organization offers`,
      });
    } else {
      const key = normalizeQuestion(text);
      if (seenQuestions.has(key)) {
        violations.push({
          reason: 'SecurityQuestionDuplicate',
          message: `${label} was already answered`,
        });
      }
      seenQuestions.add(key);
    }
    const answerViolation = checkAnswer(answer, text, seenAnswers, label);
    if (answerViolation) violations.push(answerViolation);
  });
  return violations;
}

/** The same, throwing a ValidationError (first reason, all violations in details). */
export function checkSecurityQuestionsRegistration(
  answers: readonly SecurityAnswerInput[],
  settings: SecurityQuestionSettings,
): NormalizedSecurityAnswer[] {
  const violations = securityQuestionsRegistrationViolations(answers, settings);
  const [first] = violations;
  if (first) throw new ValidationError(first.reason, first.message, { violations });
  const customTexts = new Map(settings.customQuestions.map((q) => [normalizeQuestion(q), q]));
  return answers.map(({ question, answer }) => ({
    question,
    text: resolveQuestion(question, customTexts)!,
    normalizedAnswer: normalizeAnswer(answer),
  }));
}

function resolveQuestion(
  question: SecurityQuestionRef,
  customTexts: ReadonlyMap<string, string>,
): string | undefined {
  if (question.kind === 'predefined') return predefinedById.get(question.id);
  const length = questionLength(question.text);
  if (length < securityQuestionMinLength || length > securityQuestionMaxLength) return undefined;
  return customTexts.get(normalizeQuestion(question.text));
}

function checkAnswer(
  answer: string,
  question: string | undefined,
  seenAnswers: Set<string>,
  label: string,
): SecurityQuestionViolation | undefined {
  const normalized =
    answer.length > securityAnswerInputHardCap ? undefined : normalizeAnswer(answer);
  const length = normalized === undefined ? Infinity : [...normalized].length;
  if (length < securityAnswerMinLength) {
    return {
      reason: 'SecurityAnswerTooShort',
      message: `The answer to ${label.toLowerCase()} is too short: use at least ${securityAnswerMinLength} characters`,
    };
  }
  if (normalized === undefined || length > securityAnswerMaxLength) {
    return {
      reason: 'SecurityAnswerTooLong',
      message: `The answer to ${label.toLowerCase()} is too long: use at most ${securityAnswerMaxLength} characters`,
    };
  }
  if (seenAnswers.has(normalized)) {
    return {
      reason: 'SecurityAnswerDuplicate',
      message: `The answer to ${label.toLowerCase()} repeats an earlier answer; use a different answer for each question`,
    };
  }
  seenAnswers.add(normalized);
  if (question !== undefined && answerRepeatsQuestion(normalized, question)) {
    return {
      reason: 'SecurityAnswerContainsQuestion',
      message: `The answer to ${label.toLowerCase()} repeats the question; answer it instead`,
    };
  }
  return undefined;
}

/**
 * The answer contains the whole question, or consists only of words taken from the question
 * ("favorite food" to "What is your favorite food?"). Compared word by word, so an answer that
 * merely shares letters ("hat" in "what") is fine.
 */
export function answerRepeatsQuestion(answer: string, question: string): boolean {
  const answerWords = wordsOf(answer);
  const questionWords = wordsOf(question);
  if (answerWords.length === 0 || questionWords.length === 0) return false;
  const answerText = ` ${answerWords.join(' ')} `;
  if (answerText.includes(` ${questionWords.join(' ')} `)) return true;
  const questionVocabulary = new Set(questionWords);
  return answerWords.every((word) => questionVocabulary.has(word));
}
