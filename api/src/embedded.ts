import {
  createCryptoPorts,
  ensureDevSecrets,
  loadConfig,
  openEventStore,
  type ConfigWithSecrets,
} from '@resetline/adapters';
import type { ServiceDeps } from '@resetline/domain';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createSessionTokens } from './auth/sessionTokens.js';
import type { AppServices } from './common/appServices.js';
import { createRateLimits } from './rateLimit/rateLimits.js';
import { buildResetlineSchema } from './schema.js';
import { buildApp } from './server/app.js';
import { createLogger } from './server/logger.js';
import { createMetrics } from './server/metrics.js';

export type RunningResetline = Readonly<{
  config: ConfigWithSecrets;
  url: string;
  app: FastifyInstance;
  services: AppServices;
  logger: Logger;
  close: () => Promise<void>;
}>;

/**
 * Builds every adapter from the validated environment and starts the HTTP server. The
 * all-in-one process (`npm start`) and the end-to-end tests both start Resetline through here.
 */
export const startResetline = async (
  env: Readonly<Record<string, string | undefined>>,
): Promise<RunningResetline> => {
  const config = ensureDevSecrets(loadConfig(env));
  const logger = createLogger({ level: config.logLevel });
  const eventStore = openEventStore({ eventStoreUrl: config.eventStoreUrl, dataDir: config.dataDir });
  const deps: ServiceDeps = { eventStore, ...createCryptoPorts(config.secrets) };
  const sessionTokens = createSessionTokens(config.secrets.sessionSigningKey.reveal());
  const services: AppServices = { deps, sessionTokens };

  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false }) : undefined;
  const metrics = createMetrics();
  const rateLimits = createRateLimits({
    ...(redis ? { redis } : {}),
    onLimited: (limit) => metrics.rateLimited.inc({ limiter: limit }),
  });
  const app = await buildApp({
    schema: await buildResetlineSchema(services),
    production: config.nodeEnv === 'production',
    logger,
    metrics,
    sessionTokens,
    rateLimits,
    readinessChecks: {
      eventStore: async () => void (await eventStore.headPosition()),
      ...(redis ? { redis: async () => void (await redis.ping()) } : {}),
    },
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

  return {
    config,
    url,
    app,
    services,
    logger,
    close: async () => {
      await app.close();
      await eventStore.close();
      if (redis) await redis.quit();
    },
  };
};
