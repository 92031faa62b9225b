import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startResetline } from '../embedded.js';
import { createRateLimits, limits } from './rateLimits.js';

const consumeUntilLimited = async (
  consume: () => Promise<void>,
  max: number,
): Promise<{ allowed: number; code: string | undefined }> => {
  for (let allowed = 0; allowed < max; allowed++) {
    try {
      await consume();
    } catch (error) {
      return { allowed, code: (error as { code?: string }).code };
    }
  }
  return { allowed: max, code: undefined };
};

describe('the load-test rate-limit multiplier', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'resetline-rl-knob-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the documented limit without it', async () => {
    const rateLimits = createRateLimits({ keyPrefix: 'plain' });
    const result = await consumeUntilLimited(
      () => rateLimits.consume('perAccount', 'demo/alice'),
      limits.perAccount.points * 3,
    );
    expect(result).toEqual({ allowed: limits.perAccount.points, code: 'RATE_LIMITED' });
  });

  it('multiplies the points but still limits', async () => {
    const rateLimits = createRateLimits({ keyPrefix: 'raised', loadTestMultiplier: 2 });
    const result = await consumeUntilLimited(
      () => rateLimits.consume('perAccount', 'demo/alice'),
      limits.perAccount.points * 3,
    );
    expect(result).toEqual({ allowed: limits.perAccount.points * 2, code: 'RATE_LIMITED' });
  });

  it('refuses a multiplier that is not a positive integer', () => {
    expect(() => createRateLimits({ loadTestMultiplier: 0 })).toThrow(/loadTestMultiplier/);
    expect(() => createRateLimits({ loadTestMultiplier: 1.5 })).toThrow(/loadTestMultiplier/);
  });

  it('is refused in production before anything is opened', async () => {
    const key = () => randomBytes(32).toString('base64');
    await expect(
      startResetline(
        {
          NODE_ENV: 'production',
          LOG_LEVEL: 'silent',
          HOST: '127.0.0.1',
          PORT: '4999',
          DATA_DIR: dataDir,
          CODE_HMAC_KEY: key(),
          SECRET_BOX_KEY: key(),
          SESSION_SIGNING_KEY: key(),
        },
        { readSide: false, workers: false, rateLimitLoadTestMultiplier: 100 },
      ),
    ).rejects.toThrow(/refused in production/);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
