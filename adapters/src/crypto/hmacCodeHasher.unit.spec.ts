import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacCodeHasher } from './hmacCodeHasher.js';

const key = randomBytes(32);
const hasher = new HmacCodeHasher(key);

describe('HmacCodeHasher', () => {
  it('gives a stable 256-bit lowercase hex hash that is not the code', () => {
    const hash = hasher.hash('reset-code', '12345678');

    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hasher.hash('reset-code', '12345678')).toBe(hash);
    expect(hash).not.toContain('12345678');
  });

  it('verifies the right value and refuses another', () => {
    const hash = hasher.hash('reset-code', '123456');

    expect(hasher.verify('reset-code', '123456', hash)).toBe(true);
    expect(hasher.verify('reset-code', '123457', hash)).toBe(false);
  });

  it('separates purposes: a hash made for one purpose never verifies under another', () => {
    const hash = hasher.hash('reset-code', '123456');

    expect(hasher.hash('bad-password', '123456')).not.toBe(hash);
    expect(hasher.verify('bad-password', '123456', hash)).toBe(false);
  });

  it('is not a plain HMAC of the value with the configured key', () => {
    const plain = createHmac('sha256', key).update('123456').digest('hex');

    expect(hasher.hash('reset-code', '123456')).not.toBe(plain);
  });

  it('depends on the key', () => {
    const other = new HmacCodeHasher(randomBytes(32));

    expect(other.verify('reset-code', '123456', hasher.hash('reset-code', '123456'))).toBe(false);
  });

  it('answers false for an expected value of the wrong shape instead of throwing', () => {
    const hash = hasher.hash('reset-code', '123456');

    for (const expected of [
      '',
      hash.slice(0, 63),
      `${hash}00`,
      hash.toUpperCase(),
      'z'.repeat(64),
    ]) {
      expect(hasher.verify('reset-code', '123456', expected)).toBe(false);
    }
  });

  it('refuses a key shorter than 32 bytes and an empty purpose', () => {
    expect(() => new HmacCodeHasher(randomBytes(31))).toThrow(
      'HmacCodeHasher needs a key of at least 32 bytes (got 31)',
    );
    expect(() => hasher.hash('', '123456')).toThrow(/non-empty purpose/);
  });
});

describe('HmacCodeHasher with many purposes', () => {
  it('keeps verifying across more purposes than it caches', () => {
    const hasher = new HmacCodeHasher(Buffer.alloc(32, 7).map((b, i) => b ^ i));
    const first = hasher.hash('registration:first', '123456');
    for (let i = 0; i < 3000; i++) hasher.hash(`registration:${i}`, '123456');
    expect(hasher.verify('registration:first', '123456', first)).toBe(true);
    expect(hasher.verify('registration:0', '123456', first)).toBe(false);
  });
});
