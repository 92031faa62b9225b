import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesGcmSecretBox, SecretBoxOpenError } from './aesGcmSecretBox.js';

const box = new AesGcmSecretBox(randomBytes(32));
const SEALED = /^v1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]*)$/;

function flipFirstCharacter(part: string): string {
  return (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
}

function tamperPart(sealed: string, index: number): string {
  const parts = sealed.split('.');
  parts[index] = flipFirstCharacter(parts[index] ?? '');
  return parts.join('.');
}

describe('AesGcmSecretBox', () => {
  it('round-trips text, including unicode and the empty string', () => {
    for (const plaintext of ['482913', 'pässwörd 🔐', '', 'x'.repeat(10_000)]) {
      expect(box.open(box.seal(plaintext))).toBe(plaintext);
    }
  });

  it('writes v1.<iv>.<tag>.<ciphertext> in base64url, never the plaintext', () => {
    const sealed = box.seal('code 482913');

    expect(sealed).toMatch(SEALED);
    expect(sealed).not.toContain('482913');
  });

  it('uses a fresh IV each time, so the same plaintext seals differently', () => {
    const first = box.seal('same');
    const second = box.seal('same');

    expect(first).not.toBe(second);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
  });

  it.each([
    ['IV', 1],
    ['tag', 2],
    ['ciphertext', 3],
  ])('refuses a value whose %s was tampered with', (_part, index) => {
    const tampered = tamperPart(box.seal('a secret worth stealing'), index);

    expect(() => box.open(tampered)).toThrow(SecretBoxOpenError);
    expect(() => box.open(tampered)).toThrow(/tampered with or sealed with another key/);
  });

  it('refuses a value sealed with another key', () => {
    const other = new AesGcmSecretBox(randomBytes(32));

    expect(() => box.open(other.seal('hello'))).toThrow(/tampered with or sealed with another key/);
  });

  it('names a malformed or unknown-version value without echoing it', () => {
    const sealed = box.seal('hello');

    expect(() => box.open('hunter2')).toThrow('not in the v1.<iv>.<tag>.<ciphertext> format');
    expect(() => box.open(`${sealed}.extra`)).toThrow(/format/);
    expect(() => box.open(sealed.replace(/^v1/, 'v9'))).toThrow(/unsupported version/);
    expect(() => box.open('v1.!!.??.**')).toThrow(/format/);
    const wrongIv = sealed.replace(/^v1\.[^.]+/, 'v1.AAAA');
    expect(() => box.open(wrongIv)).toThrow(/3-byte IV/);
    expect(() => box.open('v9.hunter2.x.y')).toThrow(/^(?!.*hunter2).*unsupported version/);
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => new AesGcmSecretBox(randomBytes(16))).toThrow(
      'AesGcmSecretBox needs a key of at least 32 bytes (got 16)',
    );
  });
});
