import { hkdfSync } from 'node:crypto';

export const MIN_KEY_BYTES = 32;

/** Refuses key material shorter than 256 bits; names the component that needs it. */
export function assertKeyLength(component: string, key: Uint8Array): void {
  if (key.byteLength < MIN_KEY_BYTES) {
    throw new RangeError(
      `${component} needs a key of at least ${MIN_KEY_BYTES} bytes (got ${key.byteLength})`,
    );
  }
}

/**
 * Derives a 256-bit subkey bound to `label` (HKDF-SHA-256), so one configured key never serves
 * two purposes with the same bytes.
 */
export function deriveKey(key: Uint8Array, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `resetline:${label}`, 32));
}
