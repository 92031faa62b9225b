import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from '@resetline/domain';
import { assertKeyLength, deriveKey } from './keyMaterial.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binds every box to this format version: a v1 body cannot be replayed under another scheme.
const ASSOCIATED_DATA = Buffer.from(`resetline:secret-box:${VERSION}`);
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The sealed value is malformed, tampered with, or was sealed with another key. */
export class SecretBoxOpenError extends Error {
  override readonly name = 'SecretBoxOpenError';
}

/**
 * AES-256-GCM with a random 96-bit IV per seal. Output: `v1.<iv>.<tag>.<ciphertext>`, each part
 * base64url. The AES key is derived from the configured key with HKDF.
 */
export class AesGcmSecretBox implements SecretBox {
  private readonly aesKey: Buffer;

  constructor(key: Uint8Array) {
    assertKeyLength('AesGcmSecretBox', key);
    this.aesKey = deriveKey(key, `secret-box:${VERSION}`);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.aesKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(ASSOCIATED_DATA);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const { iv, tag, ciphertext } = parseSealed(sealed);
    const decipher = createDecipheriv('aes-256-gcm', this.aesKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(ASSOCIATED_DATA);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxOpenError(
        'Sealed value failed authentication: it was tampered with or sealed with another key',
      );
    }
  }
}

function parseSealed(sealed: string): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const [version, iv, tag, ciphertext, ...rest] = sealed.split('.');
  if (version !== VERSION && iv !== undefined) {
    // The value itself is never echoed: a caller may have passed a secret by mistake.
    throw new SecretBoxOpenError(`Sealed value has an unsupported version (expected ${VERSION})`);
  }
  if (
    iv === undefined ||
    tag === undefined ||
    ciphertext === undefined ||
    rest.length > 0 ||
    ![iv, tag, ciphertext].every((part) => BASE64URL.test(part))
  ) {
    throw new SecretBoxOpenError('Sealed value is not in the v1.<iv>.<tag>.<ciphertext> format');
  }
  const decoded = {
    iv: Buffer.from(iv, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
  };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) {
    throw new SecretBoxOpenError(
      `Sealed value has a ${decoded.iv.length}-byte IV and a ${decoded.tag.length}-byte tag ` +
        `(expected ${IV_BYTES} and ${TAG_BYTES})`,
    );
  }
  return decoded;
}
