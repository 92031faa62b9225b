import { Redacted } from './redacted.js';

export const MIN_SECRET_BYTES = 32;
export const GENERATE_HINT = 'generate one with: openssl rand -base64 32';

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
// Words that only appear in hand-typed, copied-from-the-docs or placeholder values.
const EXAMPLE_MARKERS = [
  'changeme',
  'change-me',
  'change_me',
  'example',
  'default',
  'secret',
  'password',
  'insecure',
  'replace',
  'placeholder',
  'dummy',
  'resetline',
];
// 32 random bytes hold ~30 distinct values, 32 random hex or base64 characters ~14 or ~25.
const MIN_DISTINCT_BYTES = 16;
const MIN_DISTINCT_CHARACTERS = 8;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const EXAMPLE_VALUE = `looks like a default or example value (${GENERATE_HINT})`;
const LOW_ENTROPY = `is low-entropy: it is not random bytes (${GENERATE_HINT})`;

/** A server key decoded from the environment, with what (if anything) makes it weak. */
export type DecodedSecretKey = Readonly<{
  key: Redacted<Buffer>;
  /** Why production must refuse it; undefined when it looks random. */
  weakness: string | undefined;
}>;

export type SecretKeyResult =
  Readonly<{ ok: true; value: DecodedSecretKey }> | Readonly<{ ok: false; problem: string }>;

/** Hex when the value holds only hex digits, base64 or base64url otherwise. */
export function decodeSecretKey(raw: string): SecretKeyResult {
  const value = raw.trim();
  let bytes: Buffer;
  if (HEX.test(value)) bytes = Buffer.from(value, 'hex');
  else if (BASE64.test(value) && value.replace(/=+$/, '').length % 4 !== 1) {
    bytes = Buffer.from(value, 'base64');
  } else return { ok: false, problem: `must be base64 or hex (${GENERATE_HINT})` };

  if (bytes.length < MIN_SECRET_BYTES) {
    return {
      ok: false,
      problem: `must decode to at least ${MIN_SECRET_BYTES} bytes (got ${bytes.length}; ${GENERATE_HINT})`,
    };
  }
  return { ok: true, value: { key: new Redacted(bytes), weakness: keyWeakness(value, bytes) } };
}

/** Why a shared secret given as plain text (not decoded) is weak, or undefined. */
export function textSecretWeakness(value: string): string | undefined {
  if (looksLikeAnExample(value)) return EXAMPLE_VALUE;
  const bytes = Buffer.from(value, 'utf8');
  if (
    new Set(value).size < MIN_DISTINCT_CHARACTERS ||
    repeatsABlock(bytes) ||
    countsUpOrDown(bytes)
  ) {
    return LOW_ENTROPY;
  }
  return undefined;
}

function keyWeakness(raw: string, bytes: Buffer): string | undefined {
  if (looksLikeAnExample(raw) || looksLikeAnExample(bytes.toString('latin1'))) return EXAMPLE_VALUE;
  if (new Set(bytes).size < MIN_DISTINCT_BYTES || repeatsABlock(bytes) || countsUpOrDown(bytes)) {
    return LOW_ENTROPY;
  }
  // Random bytes are almost never all printable (about 1 in 10^14 for 32 bytes): this is an
  // encoded passphrase.
  if (PRINTABLE_ASCII.test(bytes.toString('latin1'))) {
    return `is encoded text, not random bytes (${GENERATE_HINT})`;
  }
  return undefined;
}

function looksLikeAnExample(text: string): boolean {
  const lower = text.toLowerCase();
  return EXAMPLE_MARKERS.some((marker) => lower.includes(marker));
}

function repeatsABlock(bytes: Buffer): boolean {
  for (let period = 1; period <= bytes.length / 2; period++) {
    if (bytes.every((byte, i) => i < period || byte === bytes[i - period])) return true;
  }
  return false;
}

function countsUpOrDown(bytes: Buffer): boolean {
  const step = ((bytes[1] ?? 0) - (bytes[0] ?? 0) + 256) % 256;
  return bytes.every((byte, i) => i === 0 || (byte - (bytes[i - 1] ?? 0) + 256) % 256 === step);
}
