import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors.js';
import { assertNewPassword, characterClassCount, checkNewPassword } from './checkPassword.js';
import { parsePasswordPolicy, type PasswordPolicyInput } from './passwordPolicy.js';

function check(password: string, policy: PasswordPolicyInput = {}, names = {}) {
  return checkNewPassword(password, { policy: parsePasswordPolicy(policy), ...names });
}

function reasons(password: string, policy: PasswordPolicyInput = {}, names = {}) {
  const result = check(password, policy, names);
  return result.ok ? [] : result.violations.map((v) => v.reason);
}

describe('checking a new password', () => {
  describe('given the default policy', () => {
    it('when the password is a long passphrase, then it is accepted and NFKC-normalized', () => {
      expect(check('ｍｙ ｂｌｕｅ ｋｅｔｔｌｅ ｓｉｎｇｓ')).toEqual({
        ok: true,
        normalized: 'my blue kettle sings',
      });
    });
    it('when it has no uppercase, digit or symbol, then no composition rule applies', () => {
      expect(check('zebrakettlemoon').ok).toBe(true);
    });
    it('when it has 7 characters, then it is PasswordTooShort', () => {
      expect(reasons('Xq9#vLm')).toEqual(['PasswordTooShort']);
    });
    it('when it has 8 emoji, then it is long enough (code points, not UTF-16 units)', () => {
      expect(check('🦊🐙🦉🐢🦔🦀🐝🦩').ok).toBe(true);
      expect(reasons('🦊🐙🦉🐢🦔🦀🐝')).toEqual(['PasswordTooShort']);
    });
    it('when it has 257 characters, then it is PasswordTooLong and nothing else is checked', () => {
      expect(reasons('Ab1!'.repeat(64) + 'x')).toEqual(['PasswordTooLong']);
    });
    it('when the input is a megabyte, then it is refused as PasswordTooLong', () => {
      expect(reasons('a'.repeat(1_000_000))).toEqual(['PasswordTooLong']);
    });
    it('when it contains a control character, then it is PasswordInvalidCharacters', () => {
      expect(reasons('valid-looking\u0007pass')).toEqual(['PasswordInvalidCharacters']);
    });
    it('when it is a common password, then it is FuzzyPolicyViolationInvalidPassword', () => {
      expect(reasons('P@ssw0rd123')).toEqual(['FuzzyPolicyViolationInvalidPassword']);
    });
    it('when it is short and common, then both violations are listed', () => {
      expect(reasons('dragon')).toEqual([
        'PasswordTooShort',
        'FuzzyPolicyViolationInvalidPassword',
      ]);
    });
  });

  describe('given a tenant that raised the minimum to 15', () => {
    it('when the password has 14 characters, then it is PasswordTooShort', () => {
      expect(reasons('zebra-kettle-8', { minLength: 15 })).toEqual(['PasswordTooShort']);
    });
    it('when it has 15, then it is accepted', () => {
      expect(check('zebra-kettle-88', { minLength: 15 }).ok).toBe(true);
    });
  });

  describe('given the Entra-compatible 3-of-4 classes option', () => {
    const policy = { requireThreeOfFourClasses: true };
    it('when the password has only lowercase letters, then it is PasswordCharacterClasses', () => {
      expect(reasons('zebrakettlemoon', policy)).toEqual(['PasswordCharacterClasses']);
    });
    it('when it has lowercase, uppercase and a space, then it is accepted', () => {
      expect(check('Zebra kettle moon', policy).ok).toBe(true);
    });
    it('when the option is off, then the same password is accepted', () => {
      expect(check('zebrakettlemoon').ok).toBe(true);
    });
    it('counts the four classes, with Unicode letters and digits', () => {
      expect(characterClassCount('abc')).toBe(1);
      expect(characterClassCount('aB3')).toBe(3);
      expect(characterClassCount('aB3 ')).toBe(4);
      expect(characterClassCount('éÉ٣')).toBe(3); // Arabic-Indic digit three
      expect(characterClassCount('密码')).toBe(0);
    });
  });

  describe("given the user's names", () => {
    const names = { firstName: 'Poll', lastName: 'Van der Berg' };
    it('when the password contains the first name (Entra\'s "p0LL23fb"), then it is refused', () => {
      expect(reasons('p0LL23fb', {}, names)).toContain('PasswordContainsUserName');
    });
    it('when it contains the last name, then it is refused', () => {
      expect(reasons('my-vanderberg-2024', {}, { lastName: 'Vanderberg' })).toEqual([
        'PasswordContainsUserName',
      ]);
    });
    it('when a name has fewer than 4 characters, then it is not checked', () => {
      expect(check('violet-ann-river', {}, { firstName: 'Ann' }).ok).toBe(true);
    });
    it('when no names are known, then the same password passes that rule', () => {
      expect(reasons('p0LL23fb-winter-sky')).not.toContain('PasswordContainsUserName');
    });
  });

  describe('given the tenant name "Contoso"', () => {
    const tenant = { tenantName: 'Contoso' };
    it('when the password is the tenant name and a few characters, then it is refused', () => {
      expect(reasons('Contoso24!', {}, tenant)).toEqual(['FuzzyPolicyViolationInvalidPassword']);
    });
    it('when the password has enough other characters, then it is accepted', () => {
      expect(check('Contoso-river-owl', {}, tenant).ok).toBe(true);
    });
  });

  describe('given a custom banned list', () => {
    const custom = { customBannedPasswords: ['Fabrikam', 'Tailspin'] };
    it('when the list is enforced, then a variant of a term is refused', () => {
      expect(reasons('Ta1lspin-Fabrikm', { ...custom, enforceCustomList: true })).toEqual([
        'FuzzyPolicyViolationInvalidPassword',
      ]);
    });
    it('when the list is not enforced, then the same password is accepted', () => {
      expect(check('Ta1lspin-Fabrikm', custom).ok).toBe(true);
    });
    it('when the global check is off but the custom list enforced, then only custom terms count', () => {
      const policy = { ...custom, enforceCustomList: true, enableBannedPasswordCheck: false };
      expect(check('password!!', policy).ok).toBe(true);
      expect(reasons('Tailspin!!', policy)).toEqual(['FuzzyPolicyViolationInvalidPassword']);
    });
    it('when both checks are off, then a common password passes (policy choice)', () => {
      expect(check('password!!', { enableBannedPasswordCheck: false }).ok).toBe(true);
    });
  });

  describe('what a rejection says', () => {
    it('names the rule and the kind of term, never the password or the term', () => {
      const result = check(
        'C0ntos0Widget7',
        { customBannedPasswords: ['widget'], enforceCustomList: true },
        {
          tenantName: 'Contoso',
        },
      );
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const [violation] = result.violations;
      expect(violation?.reason).toBe('FuzzyPolicyViolationInvalidPassword');
      expect(violation?.message).toContain("the organization's name");
      expect(violation?.message).toContain('a term banned by your organization');
      expect(violation?.message).toContain('scores 3 of the 5 points');
      for (const secret of ['C0ntos0', 'contoso', 'Widget', 'widget', 'Widget7']) {
        expect(violation?.message.toLowerCase()).not.toContain(secret.toLowerCase());
      }
    });
  });

  describe('asserting a new password', () => {
    it('when the password is fine, then it returns the normalized form', () => {
      expect(assertNewPassword('ﬁsh-tank-lamp', { policy: parsePasswordPolicy({}) })).toBe(
        'fish-tank-lamp',
      );
    });
    it('when it breaks rules, then the ValidationError has the first reason and all violations', () => {
      let error: unknown;
      try {
        assertNewPassword('monkey', { policy: parsePasswordPolicy({}) });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      const validation = error as ValidationError;
      expect(validation.code).toBe('BAD_USER_INPUT');
      expect(validation.reason).toBe('PasswordTooShort');
      expect(validation.details).toMatchObject({
        violations: [
          { reason: 'PasswordTooShort' },
          { reason: 'FuzzyPolicyViolationInvalidPassword' },
        ],
      });
      expect(JSON.stringify(validation.details)).not.toContain('monkey');
      expect(validation.message).not.toContain('monkey');
    });
  });
});
