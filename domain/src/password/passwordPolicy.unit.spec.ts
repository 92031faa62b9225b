import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { defaultPasswordPolicy, parsePasswordPolicy } from './passwordPolicy.js';

function parseError(input: unknown): ValidationError {
  try {
    parsePasswordPolicy(input);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected parsePasswordPolicy to throw');
}

describe('password policy', () => {
  describe('given no settings', () => {
    it('then the defaults are Entra-compatible and NIST-friendly', () => {
      expect(parsePasswordPolicy({})).toEqual({
        minLength: 8,
        maxLength: 256,
        requireThreeOfFourClasses: false,
        historyDepth: 1,
        enableBannedPasswordCheck: true,
        customBannedPasswords: [],
        enforceCustomList: false,
      });
      expect(parsePasswordPolicy(undefined)).toEqual(defaultPasswordPolicy);
    });
  });

  describe('given a tenant raising the minimum length', () => {
    it('when it asks for 15, then 15 is kept', () => {
      expect(parsePasswordPolicy({ minLength: 15 }).minLength).toBe(15);
    });
    it('when it asks for 256, then the maximum is accepted', () => {
      expect(parsePasswordPolicy({ minLength: 256 }).minLength).toBe(256);
    });
    it('when it asks for 7, then minLength is named as the bad field', () => {
      const error = parseError({ minLength: 7 });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.reason).toBe('InvalidPasswordPolicy');
      expect(error.message).toContain('minLength');
    });
    it('when it asks for 257, then it is refused', () => {
      expect(parseError({ minLength: 257 }).message).toContain('minLength');
    });
    it('when it gives a fraction, then it is refused', () => {
      expect(parseError({ minLength: 8.5 }).message).toContain('minLength');
    });
  });

  describe('given the maximum length', () => {
    it('when a tenant tries to change it, then maxLength is refused', () => {
      expect(parseError({ maxLength: 128 }).message).toContain('maxLength');
    });
  });

  describe('given the history depth', () => {
    it.each([1, 5, 24])('when it is %i, then it is accepted', (historyDepth) => {
      expect(parsePasswordPolicy({ historyDepth }).historyDepth).toBe(historyDepth);
    });
    it.each([0, 25])('when it is %i, then historyDepth is named', (historyDepth) => {
      expect(parseError({ historyDepth }).message).toContain('historyDepth');
    });
  });

  describe('given a custom banned list', () => {
    it('when the terms are 4 to 16 characters, then they are kept as entered', () => {
      const policy = parsePasswordPolicy({
        customBannedPasswords: ['Contoso', 'London', 'wid9', 'sixteencharacter'],
        enforceCustomList: true,
      });
      expect(policy.customBannedPasswords).toEqual([
        'Contoso',
        'London',
        'wid9',
        'sixteencharacter',
      ]);
      expect(policy.enforceCustomList).toBe(true);
    });
    it('when a term is too short, then the error names the term and its index', () => {
      const error = parseError({ customBannedPasswords: ['Contoso', 'abc'] });
      expect(error.message).toContain('customBannedPasswords.1');
      expect(error.message).toContain('"abc"');
      expect(error.message).toContain('4 to 16');
      expect(error.details).toMatchObject({
        issues: [{ field: 'customBannedPasswords.1' }],
      });
    });
    it('when a term is 17 characters, then it is refused by name', () => {
      expect(parseError({ customBannedPasswords: ['seventeencharacte'] }).message).toContain(
        '"seventeencharacte"',
      );
    });
    it('when a term has 4 emoji, then it counts 4 characters and is accepted', () => {
      expect(
        parsePasswordPolicy({ customBannedPasswords: ['🐶🐱🐭🐹'] }).customBannedPasswords,
      ).toHaveLength(1);
    });
    it('when there are 1,000 terms, then the list is accepted', () => {
      const terms = Array.from({ length: 1000 }, (_, i) => `term${i}`);
      expect(
        parsePasswordPolicy({ customBannedPasswords: terms }).customBannedPasswords,
      ).toHaveLength(1000);
    });
    it('when there are 1,001 terms, then customBannedPasswords is named', () => {
      const terms = Array.from({ length: 1001 }, (_, i) => `term${i}`);
      expect(parseError({ customBannedPasswords: terms }).message).toContain(
        'customBannedPasswords',
      );
    });
  });

  describe('given malformed settings', () => {
    it('when a field is unknown, then it is refused rather than ignored', () => {
      expect(parseError({ minLenght: 12 }).message).toContain('minLenght');
    });
    it('when several fields are wrong, then every one is named', () => {
      const message = parseError({ minLength: 2, enableBannedPasswordCheck: 'yes' }).message;
      expect(message).toContain('minLength');
      expect(message).toContain('enableBannedPasswordCheck');
    });
  });
});
