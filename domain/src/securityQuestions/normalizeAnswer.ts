/** Entra's answer limits, counted in code points after normalization. */
export const securityAnswerMinLength = 3;
export const securityAnswerMaxLength = 40;

/** Raw answers longer than this (UTF-16 units) are refused before any other work. */
export const securityAnswerInputHardCap = 400;

/**
 * The form an answer is hashed and compared in: NFKC, lowercase, trimmed, inner whitespace
 * collapsed to one space. "  New   York " and "new york" are the same answer.
 */
export function normalizeAnswer(answer: string): string {
  return answer.normalize('NFKC').toLowerCase().trim().replace(/\s+/gu, ' ');
}

/** Questions compare like answers, so "What is your favorite food?" has one spelling. */
export const normalizeQuestion = normalizeAnswer;

/**
 * Words only (letters, digits, other scripts), lowercase, for the "answer may not contain the
 * question" rule: punctuation and spacing never decide it.
 */
export function wordsOf(text: string): string[] {
  return normalizeAnswer(text).match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}
