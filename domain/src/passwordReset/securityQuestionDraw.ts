import type { CodeHasher, PasswordHasher } from '../core/index.js';
import {
  normalizeAnswer,
  normalizeQuestion,
  securityAnswerInputHardCap,
} from '../securityQuestions/index.js';
import { keyedShuffle } from './decoy.js';

export type SecurityAnswer = Readonly<{ question: string; answer: string }>;

/**
 * The questions a flow asks: `toAnswer` of the registered ones, drawn by a keyed hash of the
 * flow id. The flow id is random, so each flow draws afresh (Entra draws at random), yet the
 * same flow always asks the same questions without storing them.
 */
export const drawQuestions = (
  codeHasher: CodeHasher,
  flowId: string,
  registered: readonly string[],
  toAnswer: number,
): string[] =>
  keyedShuffle(registered, (q) =>
    codeHasher.hash('securityQuestionDraw', `${flowId}\u0000${q}`),
  ).slice(0, Math.min(toAnswer, registered.length));

/**
 * True when every asked question got its registered answer. Every answer is verified (no early
 * exit), and an unknown question or an over-long answer is checked against a hash anyway.
 */
export const answersMatch = async (
  hasher: PasswordHasher,
  asked: readonly Readonly<{ question: string; answerHash: string }>[],
  answers: readonly SecurityAnswer[],
): Promise<boolean> => {
  const results = await Promise.all(
    asked.map(async ({ question, answerHash }) => {
      const given = answers.find(
        (a) => normalizeQuestion(a.question) === normalizeQuestion(question),
      );
      const usable = given !== undefined && given.answer.length <= securityAnswerInputHardCap;
      const matches = await hasher.verify(answerHash, usable ? normalizeAnswer(given.answer) : '');
      return usable && matches;
    }),
  );
  return asked.length > 0 && results.every(Boolean);
};
