import { describe, expect, it } from 'vitest';
import { cryptoRandom } from './cryptoRandom.js';

const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('cryptoRandom', () => {
  describe('uuidv7', () => {
    it('gives version-7 UUIDs that sort in creation order', () => {
      const ids = Array.from({ length: 1000 }, () => cryptoRandom.uuidv7());

      for (const id of ids) expect(id).toMatch(UUIDV7);
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('carries the current time in its first 48 bits', () => {
      const before = Date.now();
      const id = cryptoRandom.uuidv7();
      const millis = parseInt(id.replace(/-/g, '').slice(0, 12), 16);

      expect(millis).toBeGreaterThanOrEqual(before);
      expect(millis).toBeLessThanOrEqual(Date.now());
    });
  });

  describe('token', () => {
    it('gives 32 random bytes in base64url by default', () => {
      const token = cryptoRandom.token();

      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(cryptoRandom.token()).not.toBe(token);
    });

    it('gives the requested number of bytes, at least 16', () => {
      expect(Buffer.from(cryptoRandom.token(16), 'base64url')).toHaveLength(16);
      expect(Buffer.from(cryptoRandom.token(64), 'base64url')).toHaveLength(64);
      expect(() => cryptoRandom.token(15)).toThrow('at least 16 random bytes (got 15)');
      expect(() => cryptoRandom.token(16.5)).toThrow(RangeError);
    });
  });

  describe('digits', () => {
    it('gives exactly the requested number of decimal digits, leading zeros kept', () => {
      for (const length of [1, 6, 8, 20]) {
        expect(cryptoRandom.digits(length)).toMatch(new RegExp(`^[0-9]{${length}}$`));
      }
    });

    it('draws every digit in every position, with no digit far from its share', () => {
      const draws = 2000;
      const counts = Array.from({ length: 8 }, () => new Array<number>(10).fill(0));
      for (let i = 0; i < draws; i++) {
        [...cryptoRandom.digits(8)].forEach((digit, position) => {
          counts[position]![Number(digit)]!++;
        });
      }

      // Expected 200 per cell; 120..280 is more than 5 standard deviations (sd ≈ 13.4) either side.
      for (const perPosition of counts) {
        for (const count of perPosition) {
          expect(count).toBeGreaterThan(120);
          expect(count).toBeLessThan(280);
        }
      }
    });

    it('refuses a length that is not a positive integer', () => {
      expect(() => cryptoRandom.digits(0)).toThrow(RangeError);
      expect(() => cryptoRandom.digits(2.5)).toThrow(RangeError);
    });
  });

  describe('int', () => {
    it('stays in [0, max) and reaches both ends', () => {
      const seen = new Set<number>();
      for (let i = 0; i < 500; i++) {
        const value = cryptoRandom.int(5);
        expect(Number.isInteger(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThan(5);
        seen.add(value);
      }

      expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
      expect(cryptoRandom.int(1)).toBe(0);
    });

    it('refuses a max below 1, fractional or beyond 2^48', () => {
      for (const max of [0, -3, 1.5, 2 ** 48 + 1, Number.NaN]) {
        expect(() => cryptoRandom.int(max)).toThrow(RangeError);
      }
    });
  });
});
