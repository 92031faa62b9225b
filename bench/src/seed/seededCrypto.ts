import { createCipheriv, createHash, hkdfSync } from 'node:crypto';
import { AesGcmSecretBox, HmacCodeHasher } from '@resetline/adapters';
import type { CodeHasher, SecretBox } from '@resetline/domain';
import type { Prng } from './prng.js';

/**
 * Server keys for a seeded workload: SHA-256 of the seed and a label. Synthetic data only; a
 * process that must open the seeded sealed codes can derive the same keys from the seed.
 */
export const seedKey = (seed: number, label: 'codeHmacKey' | 'secretBoxKey'): Buffer =>
  createHash('sha256').update(`resetline-seed:${seed}:${label}`).digest();

// Mirrors AesGcmSecretBox's v1 format and key derivation, so the real box opens what this seals.
const VERSION = 'v1';
const ASSOCIATED_DATA = Buffer.from(`resetline:secret-box:${VERSION}`);

/**
 * AesGcmSecretBox draws a fresh random IV per seal, which would make two runs differ. This box
 * seals the same AES-256-GCM v1 format with the IV drawn from the seeded generator instead, and
 * opens with the real adapter.
 */
export class SeededSecretBox implements SecretBox {
  private readonly aesKey: Buffer;
  private readonly real: AesGcmSecretBox;

  constructor(
    key: Buffer,
    private readonly prng: Prng,
  ) {
    this.aesKey = Buffer.from(
      hkdfSync('sha256', key, Buffer.alloc(0), `resetline:secret-box:${VERSION}`, 32),
    );
    this.real = new AesGcmSecretBox(key);
  }

  seal(plaintext: string): string {
    const iv = this.prng.bytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.aesKey, iv, { authTagLength: 16 });
    cipher.setAAD(ASSOCIATED_DATA);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      VERSION,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  }

  open(sealed: string): string {
    return this.real.open(sealed);
  }
}

export type SeededCrypto = Readonly<{ codeHasher: CodeHasher; secretBox: SecretBox }>;

/** The real HMAC code hasher and an AES-GCM box, both keyed from the seed. */
export const seededCrypto = (seed: number, prng: Prng): SeededCrypto => ({
  codeHasher: new HmacCodeHasher(seedKey(seed, 'codeHmacKey')),
  secretBox: new SeededSecretBox(seedKey(seed, 'secretBoxKey'), prng),
});
