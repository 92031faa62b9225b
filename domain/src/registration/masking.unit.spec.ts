import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/index.js';
import { maskEmail, maskPhone, normalizePhoneNumber } from './masking.js';

describe('maskEmail', () => {
  it.each([
    ['jan@contoso.com', 'j***@contoso.com'],
    ['j@contoso.com', 'j***@contoso.com'],
    ['Émile.dupont@exemple.fr', 'É***@exemple.fr'],
    ['no-at-sign', '***'],
  ])('%s → %s', (address, masked) => expect(maskEmail(address)).toBe(masked));

  it('never shows more than the first character of the local part', () =>
    expect(maskEmail('secretname@contoso.com')).not.toContain('ecret'));
});

describe('maskPhone', () => {
  it.each([
    ['+31612345678', '+31 6*****78'],
    ['+14255550123', '+1 4*****23'],
    ['+353871234567', '+353 8*****67'],
    ['+442071838750', '+44 2*****50'],
  ])('%s → %s', (e164, masked) => expect(maskPhone(e164)).toBe(masked));

  it('hides the length of the number', () =>
    expect(maskPhone('+3161234567890').length).toBe(maskPhone('+31612345678').length));
});

describe('normalizePhoneNumber', () => {
  it.each([
    ['+31 6-1234 5678', '+31612345678'],
    ['0031612345678', '+31612345678'],
    ['+1 (425) 555.0123', '+14255550123'],
  ])('%s → %s', (input, e164) => expect(normalizePhoneNumber(input)).toBe(e164));

  it.each(['0612345678', '+0612345678', '+31 6', '+316123456789012345', '+31 6 1234 abcd'])(
    'refuses %s',
    (input) => {
      expect(() => normalizePhoneNumber(input)).toThrow(ValidationError);
      try {
        normalizePhoneNumber(input);
      } catch (error) {
        expect((error as ValidationError).reason).toBe('InvalidPhoneNumber');
      }
    },
  );
});
