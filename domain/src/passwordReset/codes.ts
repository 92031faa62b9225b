import type { CodeHasher, Random, SecretBox } from '../core/index.js';
import type { MethodKind } from '../policy/index.js';
import type { CodeVerdict } from './businessLogic.js';
import type { OpenFlow } from './passwordReset.js';

const CODE_PURPOSE = 'resetCode';
const CODE_FORMAT = /^\d{6,8}$/;

/** 8 digits by email, 6 by phone (security.md). */
export const codeLength = (method: MethodKind): number => (method === 'email' ? 8 : 6);

// The flow and method go into the hashed value: a code is bound to one flow and one method.
const hashInput = (flowId: string, methodId: string, code: string): string =>
  `${flowId}\u0000${methodId}\u0000${code}`;

export type IssuedCode = Readonly<{ code: string; codeHash: string; sealedCode: string }>;

/** A fresh code: hashed for checking, sealed for the worker that delivers it. */
export const issueCode = (
  deps: Readonly<{ random: Random; codeHasher: CodeHasher; secretBox: SecretBox }>,
  flowId: string,
  methodId: string,
  method: MethodKind,
): IssuedCode => {
  const code = deps.random.digits(codeLength(method));
  return {
    code,
    codeHash: deps.codeHasher.hash(CODE_PURPOSE, hashInput(flowId, methodId, code)),
    sealedCode: deps.secretBox.seal(code),
  };
};

/** Compares a submitted code with the one sent for the method, in constant time. */
export const judgeCode = (
  codeHasher: CodeHasher,
  flow: OpenFlow,
  methodId: string,
  code: string,
  now: Date,
): CodeVerdict => {
  const sent = flow.codes.find((c) => c.methodId === methodId);
  if (!sent) return 'noCodeSent';
  const matches =
    CODE_FORMAT.test(code) &&
    codeHasher.verify(CODE_PURPOSE, hashInput(flow.flowId, methodId, code), sent.codeHash);
  if (now.getTime() >= sent.expiresAt.getTime()) return 'expiredCode';
  return matches ? 'valid' : 'wrongCode';
};
