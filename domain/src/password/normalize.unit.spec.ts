import { describe, expect, it } from 'vitest';
import { codePointLength, normalizePassword, passwordInputHardCap } from './normalize.js';

describe('password normalization', () => {
  describe('given Unicode input', () => {
    it('when it has compatibility characters, then NFKC folds them', () => {
      // Fullwidth letters, a ligature and a superscript two.
      const result = normalizePassword('Ｐａｓｓ ﬁle²');
      expect(result).toEqual({ ok: true, normalized: 'Pass file2', length: 10 });
    });
    it('when a letter is decomposed, then it is composed and counted once', () => {
      const result = normalizePassword('cafe\u0301 au lait');
      expect(result).toMatchObject({ ok: true, normalized: 'café au lait', length: 12 });
    });
    it('when it has emoji, then each astral code point counts once', () => {
      expect(codePointLength('🔑🔒🗝️')).toBe(4); // the last one carries a variation selector
      expect(normalizePassword('😀😀😀😀😀😀😀😀')).toMatchObject({ ok: true, length: 8 });
    });
    it('when it has spaces, then they are kept, inside and at the ends', () => {
      expect(normalizePassword(' a long pass phrase ')).toMatchObject({
        ok: true,
        normalized: ' a long pass phrase ',
      });
    });
  });

  describe('given the maximum length', () => {
    it('when the password has exactly 256 code points, then it is kept whole', () => {
      const password = '🙂'.repeat(256); // 512 UTF-16 code units
      const result = normalizePassword(password);
      expect(result).toMatchObject({ ok: true, length: 256 });
      if (result.ok) expect(result.normalized).toBe(password);
    });
    it('when it has 257 code points, then it is refused, not truncated', () => {
      expect(normalizePassword('x'.repeat(257))).toMatchObject({
        ok: false,
        reason: 'PasswordTooLong',
      });
    });
    it('when NFKC expands it past the maximum, then it is refused', () => {
      // U+FDFA expands to 18 code points under NFKC.
      expect(normalizePassword('\uFDFA'.repeat(15))).toMatchObject({
        ok: false,
        reason: 'PasswordTooLong',
      });
    });
    it('when the raw input is megabytes long, then it is refused on its raw size', () => {
      const huge = 'a'.repeat(5_000_000);
      expect(normalizePassword(huge)).toMatchObject({ ok: false, reason: 'PasswordTooLong' });
      expect(normalizePassword('a'.repeat(passwordInputHardCap + 1), 10_000)).toMatchObject({
        ok: false,
        reason: 'PasswordTooLong',
      });
    });
    it('when an oversized input also has a control character, then the size check came first', () => {
      // Proves the raw cap is checked before the input is scanned or normalized.
      expect(normalizePassword('a'.repeat(2_000_000) + '\u0000')).toMatchObject({
        reason: 'PasswordTooLong',
      });
    });
    it('then the message gives the limit and never the password', () => {
      const result = normalizePassword('secretsecret'.repeat(30));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message).toContain('256');
        expect(result.message).not.toContain('secret');
      }
    });
  });

  describe('given characters that are not text', () => {
    it.each([
      ['a NUL', 'pass\u0000word'],
      ['a newline', 'pass\nword'],
      ['an escape', 'pass\u001bword'],
      ['a lone surrogate', 'pass\uD800word'],
    ])('when the password contains %s, then it is refused', (_, password) => {
      expect(normalizePassword(password)).toMatchObject({
        ok: false,
        reason: 'PasswordInvalidCharacters',
      });
    });
  });
});
