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
  options: Readonly<{ redis?: Redis; keyPrefix?: string; onLimited?: (limit: LimitName) => void }> = {},
): RateLimits => {
  const limiters = Object.fromEntries(
    Object.entries(limits).map(([name, opts]) => {
      const keyPrefix = `${options.keyPrefix ?? 'resetline'}:rl:${name}`;
      const limiter: RateLimiterAbstract = options.redis
        ? new RateLimiterRedis({ storeClient: options.redis, keyPrefix, ...opts })
        : new RateLimiterMemory({ keyPrefix, ...opts });
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
