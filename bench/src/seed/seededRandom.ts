import type { Random } from '@resetline/domain';
import type { Prng } from './prng.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A UUIDv7 (RFC 9562) whose timestamp is the simulated time and whose random bits come from the
 * seeded generator: ids sort by simulated time and repeat exactly for a given seed.
 */
export const seededUuidv7 = (prng: Prng, atMs: number): string => {
  const bytes = prng.bytes(16);
  let ms = Math.max(0, Math.floor(atMs));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[bytes[i]!];
  }
  return out;
};

/**
 * The Random port over the seeded generator, for the domain helpers that take one (code issue).
 * `now` says which simulated instant the UUIDv7 timestamps carry.
 */
export const seededRandom = (prng: Prng, now: () => number): Random => ({
  uuidv7: () => seededUuidv7(prng, now()),
  token: (bytes = 24) => prng.bytes(Math.max(16, bytes)).toString('base64url'),
  digits: (length) => prng.digits(length),
  int: (max) => prng.int(max),
});
