import { describe, expect, it } from 'vitest';
import { maskContact, redact } from './redact.js';

describe('audit redaction', () => {
  it('masks e-mail addresses and phone numbers', () => {
    expect(maskContact('john.doe@contoso.com')).toBe('j***@contoso.com');
    expect(maskContact('+31612345678')).toBe('+*********78');
    expect(maskContact('123')).toBe('***');
  });

  it('drops secret fields at any depth and masks contact fields', () => {
    expect(
      redact({
        hash: 'h',
        target: 'ann@example.org',
        questions: [{ question: 'First pet?', answerHash: 'a' }],
        nested: { sealedCode: 's', codeHash: 'c', keep: 1 },
      }),
    ).toEqual({
      target: 'a***@example.org',
      questions: [{ question: 'First pet?' }],
      nested: { keep: 1 },
    });
  });
});
