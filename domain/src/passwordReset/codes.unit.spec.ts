import { randomBytes } from 'node:crypto';
import { AesGcmSecretBox, cryptoRandom, HmacCodeHasher } from '@resetline/adapters';
import { describe, expect, it } from 'vitest';
import { at, T0 } from '../signIn/fixtures.js';
import { codeLength, issueCode, judgeCode } from './codes.js';
import type { OpenFlow } from './passwordReset.js';
import { drawQuestions } from './securityQuestionDraw.js';

const deps = {
  random: cryptoRandom,
  codeHasher: new HmacCodeHasher(randomBytes(32)),
  secretBox: new AesGcmSecretBox(randomBytes(32)),
};

const flowWith = (flowId: string, codeHash: string, expiresAt = at(T0, 300)): OpenFlow => ({
  status: 'open',
  flowId,
  username: 'ada',
  userId: 'user-ada',
  purpose: 'reset',
  eligible: true,
  gatesRequired: 1,
  methods: [{ methodId: 'email', method: 'email' }],
  unlockAllowed: false,
  expiresAt: at(T0, 900),
  policyVersion: 1,
  codes: [{ methodId: 'email', method: 'email', channel: 'email', codeHash, expiresAt }],
  passedMethodIds: [],
  methodsUsed: ['email'],
  failures: 0,
  attempts: [{ gate: 1, method: 'email', passed: false, at: T0.toISOString() }],
});

describe('one-time reset codes', () => {
  it('are 8 digits by email and 6 by phone, sealed for delivery and hashed, never stored in clear', () => {
    const email = issueCode(deps, 'flow-a', 'email', 'email');
    const sms = issueCode(deps, 'flow-a', 'mobilePhone', 'mobilePhone');

    expect(email.code).toMatch(/^\d{8}$/);
    expect(sms.code).toMatch(/^\d{6}$/);
    expect(codeLength('officePhone')).toBe(6);
    expect(deps.secretBox.open(email.sealedCode)).toBe(email.code);
    expect(email.codeHash).not.toContain(email.code);
    expect(email.sealedCode).not.toContain(email.code);
  });

  it('match only in their own flow, for their own method, before they expire', () => {
    const { code, codeHash } = issueCode(deps, 'flow-a', 'email', 'email');
    const flow = flowWith('flow-a', codeHash);

    expect(judgeCode(deps.codeHasher, flow, 'email', code, at(T0, 10))).toBe('valid');
    expect(
      judgeCode(deps.codeHasher, flowWith('flow-b', codeHash), 'email', code, at(T0, 10)),
    ).toBe('wrongCode');
    expect(judgeCode(deps.codeHasher, flow, 'mobilePhone', code, at(T0, 10))).toBe('noCodeSent');
    expect(judgeCode(deps.codeHasher, flow, 'email', code, at(T0, 300))).toBe('expiredCode');
  });

  it('refuse malformed and oversized input as wrong, without throwing', () => {
    const { code, codeHash } = issueCode(deps, 'flow-a', 'email', 'email');
    const flow = flowWith('flow-a', codeHash);

    expect(judgeCode(deps.codeHasher, flow, 'email', `${code} `, T0)).toBe('wrongCode');
    expect(judgeCode(deps.codeHasher, flow, 'email', '9'.repeat(1_000_000), T0)).toBe('wrongCode');
    expect(judgeCode(deps.codeHasher, flow, 'email', '', T0)).toBe('wrongCode');
  });
});

describe('security question draw', () => {
  const registered = ['Q1?', 'Q2?', 'Q3?', 'Q4?', 'Q5?'];

  it('asks the same questions for the same flow and draws afresh for another', () => {
    const draws = Array.from({ length: 20 }, (_, i) =>
      drawQuestions(deps.codeHasher, `flow-${i}`, registered, 3).join(),
    );

    expect(drawQuestions(deps.codeHasher, 'flow-0', registered, 3).join()).toBe(draws[0]);
    expect(new Set(draws).size).toBeGreaterThan(1);
    for (const draw of draws) expect(new Set(draw.split(',')).size).toBe(3);
  });

  it('never asks more questions than are registered', () => {
    expect(drawQuestions(deps.codeHasher, 'flow-0', ['Q1?', 'Q2?'], 3)).toHaveLength(2);
  });
});
