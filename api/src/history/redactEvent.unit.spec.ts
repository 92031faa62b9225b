import { describe, expect, it } from 'vitest';
import { redactEventData } from './redactEvent.js';

describe('redactEventData', () => {
  it('drops hashes, sealed values and bad-password keys, at any depth', () => {
    expect(
      redactEventData({
        methodId: 'm1',
        method: 'securityQuestions',
        questions: [{ question: 'First pet?', answerHash: '$argon2id$...' }],
        sealedTotpSecret: 'sealed',
        nested: { hash: 'h', codeHash: 'c', sealedCode: 's', badPasswordKey: 'k', kept: 1 },
      }),
    ).toEqual({
      methodId: 'm1',
      method: 'securityQuestions',
      questions: [{ question: 'First pet?' }],
      nested: { kept: 1 },
    });
  });

  it('drops clear targets, keeping the masked one the event carries', () => {
    expect(
      redactEventData({ target: 'jan@contoso.com', maskedTarget: 'j***@contoso.com' }),
    ).toEqual({
      maskedTarget: 'j***@contoso.com',
    });
  });

  it('masks a clear contact the event does not mask itself', () => {
    expect(redactEventData({ to: 'jan@contoso.com' })).toEqual({
      maskedTarget: 'j***@contoso.com',
    });
    expect(redactEventData({ target: '+31612345678' })).toEqual({ maskedTarget: '+31 6*****78' });
  });
});
