import { RateLimitedError } from '@resetline/domain';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/**
 * API-level limits, on top of the domain's per-user throttles (never instead). Each resolver
 * execution consumes a point, so aliases inside one request count one by one.
 */
export const limits = {
  /** Anonymous self-service calls (reset, sign-in, change) from one IP. */
  anonymousPerIp: { points: 120, duration: 60 },
  /** Self-service calls naming one account, from anywhere. */
  perAccount: { points: 30, duration: 60 },
  /** Authenticated calls by one user. */
  perUser: { points: 600, duration: 60 },
} as const;
export type LimitName = keyof typeof limits;

export type RateLimits = Readonly<{
  consume: (limit: LimitName, key: string) => Promise<void>;
}>;

/** Memory when embedded; Redis (shared by every API instance) when a client is given. */
export const createRateLimits = (
  options: Readonly<{
    redis?: Redis;
    keyPrefix?: string;
    onLimited?: (limit: LimitName) => void;
    /**
     * Benchmarks and load tests only: multiplies every limit's points, so one load generator
     * (one IP, one account) can drive the server. The limiters still run. Default 1.
     */
    loadTestMultiplier?: number;
  }> = {},
): RateLimits => {
  const multiplier = options.loadTestMultiplier ?? 1;
  if (!Number.isInteger(multiplier) || multiplier < 1) {
    throw new Error(`loadTestMultiplier must be a positive integer, got ${multiplier}`);
  }
  const limiters = Object.fromEntries(
    Object.entries(limits).map(([name, { points, duration }]) => {
      const keyPrefix = `${options.keyPrefix ?? 'resetline'}:rl:${name}`;
      const opts = { keyPrefix, points: points * multiplier, duration };
      const limiter: RateLimiterAbstract = options.redis
        ? new RateLimiterRedis({ storeClient: options.redis, ...opts })
        : new RateLimiterMemory(opts);
      return [name, limiter];
    }),
  ) as Record<LimitName, RateLimiterAbstract>;

  return {
    consume: async (limit, key) => {
      try {
        await limiters[limit].consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        options.onLimited?.(limit);
        const retryAfterSeconds = Math.ceil(error.msBeforeNext / 1000);
        throw new RateLimitedError(
          'TooManyRequests',
          `Too many requests; try again in ${retryAfterSeconds} s`,
          { retryAfterSeconds },
        );
      }
    },
  };
};
