import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CodeHasher } from '@resetline/domain';
import { assertKeyLength, deriveKey } from './keyMaterial.js';

const HEX_SHA256 = /^[0-9a-f]{64}$/;
/**
 * Purposes may carry ids (`registration:<methodId>`), so the subkey cache is bounded: the
 * oldest entries go first. Deriving a subkey again costs one HKDF, a few microseconds.
 */
const MAX_CACHED_SUBKEYS = 1024;

/**
 * HMAC-SHA-256 with one subkey per `purpose` (derived with HKDF), so a hash made for one
 * purpose never verifies under another. Output is lowercase hex.
 */
export class HmacCodeHasher implements CodeHasher {
  private readonly subkeys = new Map<string, Buffer>();

  constructor(private readonly key: Uint8Array) {
    assertKeyLength('HmacCodeHasher', key);
  }

  hash(purpose: string, value: string): string {
    return createHmac('sha256', this.subkeyFor(purpose)).update(value, 'utf8').digest('hex');
  }

  verify(purpose: string, value: string, expected: string): boolean {
    if (!HEX_SHA256.test(expected)) return false;
    const actual = this.hash(purpose, value);
    return timingSafeEqual(Buffer.from(actual, 'hex'), Buffer.from(expected, 'hex'));
  }

  private subkeyFor(purpose: string): Buffer {
    if (purpose.length === 0) throw new TypeError('HmacCodeHasher needs a non-empty purpose');
    let subkey = this.subkeys.get(purpose);
    if (!subkey) {
      subkey = deriveKey(this.key, `code-hasher:${purpose}`);
      if (this.subkeys.size >= MAX_CACHED_SUBKEYS) {
        this.subkeys.delete(this.subkeys.keys().next().value as string);
      }
      this.subkeys.set(purpose, subkey);
    }
    return subkey;
  }
}
