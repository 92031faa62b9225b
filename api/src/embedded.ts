import {
  createCryptoPorts,
  ensureDevSecrets,
  loadConfig,
  openEventStore,
  type ConfigWithSecrets,
} from '@resetline/adapters';
import type { ServiceDeps } from '@resetline/domain';
import {
  createClickHouse,
  migrate,
  readModelMigrations,
  readModels,
  runProjections,
  type ClickHouse,
} from '@resetline/projections';
import {
  startConfiguredWorkers,
  type ConfiguredWorkers,
  type WorkerLogger,
} from '@resetline/workers';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createSessionTokens } from './auth/sessionTokens.js';
import type { AppServices } from './common/appServices.js';
import { registerExportRoutes } from './export/index.js';
import { createRateLimits } from './rateLimit/rateLimits.js';
import { registerProjectionLagGauge } from './reports/projectionLagGauge.js';
import { buildResetlineSchema } from './schema.js';
import { buildApp } from './server/app.js';
import { createLogger } from './server/logger.js';
import { createMetrics } from './server/metrics.js';
import { createWritebackFor } from './writeback/index.js';

export type StartOptions = Readonly<{
  /**
   * Run the ClickHouse read side in this process (default true). chDB binds one data directory
   * per process, so a test that starts several servers in one process turns it off for all but one.
   */
  readSide?: boolean;
  /**
   * Run the projector in this process. Default: only when the read side is embedded (chDB);
   * with CLICKHOUSE_URL the projector is its own process (`npm run projections -- run`), one
   * active instance per projection.
   */
  projector?: boolean;
  /**
   * Run the dispatcher and notification workers in this process. Default: only with the
   * in-process queue; with REDIS_URL the worker process (workers/dist/main.js) runs the one
   * dispatcher.
   */
  workers?: boolean;
  /**
   * Benchmarks and load tests only: multiplies every API rate limit (see createRateLimits).
   * Refused when NODE_ENV=production.
   */
  rateLimitLoadTestMultiplier?: number;
}>;

export type RunningResetline = Readonly<{
  config: ConfigWithSecrets;
  /** The read side's client, when this process runs it. */
  clickhouse: ClickHouse | undefined;
  /** The in-process workers, when this process runs them. */
  workers: ConfiguredWorkers | undefined;
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
  options: StartOptions = {},
): Promise<RunningResetline> => {
  const config = ensureDevSecrets(loadConfig(env));
  if (options.rateLimitLoadTestMultiplier !== undefined && config.nodeEnv === 'production') {
    throw new Error('rateLimitLoadTestMultiplier is a load-test knob: refused in production');
  }
  const logger = createLogger({ level: config.logLevel });
  const eventStore = openEventStore({
    eventStoreUrl: config.eventStoreUrl,
    dataDir: config.dataDir,
  });
  const cryptoPorts = createCryptoPorts(config.secrets);
  const deps: ServiceDeps = {
    eventStore,
    ...cryptoPorts,
    writebackFor: createWritebackFor({ eventStore, secretBox: cryptoPorts.secretBox }),
  };
  const sessionTokens = createSessionTokens(config.secrets.sessionSigningKey.reveal());
  const clickhouse =
    options.readSide === false
      ? undefined
      : createClickHouse({ url: config.clickhouseUrl, dataDir: join(config.dataDir, 'chdb') });
  const services: AppServices = { deps, sessionTokens, clickhouse };

  if (clickhouse) await migrate(clickhouse, readModelMigrations);
  const runProjector = options.projector ?? !config.clickhouseUrl;
  const projections =
    clickhouse && runProjector
      ? runProjections({ client: clickhouse, eventStore }, readModels, {
          onRetentionSwept: (swept) => {
            // Busy an hour after the last sweep: a mutation that does not finish (see
            // system.mutations' latest_fail_reason) holds retention back.
            for (const { table, expired, busy } of swept)
              if (busy) logger.warn({ table }, 'retention waits: an earlier mutation still runs');
              else if (expired > 0) logger.info({ table, expired }, 'deleting rows past retention');
          },
          onRetentionFailed: (error) => logger.error({ err: error }, 'retention sweep failed'),
        })
      : undefined;
  projections?.done.catch((error: unknown) => logger.error({ err: error }, 'projections stopped'));

  const workerLogger: WorkerLogger = {
    info: (message, fields) => logger.info({ component: 'workers', ...fields }, message),
    warn: (message, fields) => logger.warn({ component: 'workers', ...fields }, message),
    error: (message, fields) => logger.error({ component: 'workers', ...fields }, message),
  };
  const workers = !(options.workers ?? !config.redisUrl)
    ? undefined
    : await startConfiguredWorkers(config, {
        eventStore,
        secretBox: deps.secretBox,
        clock: deps.clock,
        logger: workerLogger,
      });

  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false }) : undefined;
  const metrics = createMetrics();
  if (clickhouse) registerProjectionLagGauge(metrics.registry, { client: clickhouse, eventStore });
  const rateLimits = createRateLimits({
    ...(redis ? { redis } : {}),
    onLimited: (limit) => metrics.rateLimited.inc({ limiter: limit }),
    ...(options.rateLimitLoadTestMultiplier === undefined
      ? {}
      : { loadTestMultiplier: options.rateLimitLoadTestMultiplier }),
  });
  const app = await buildApp({
    schema: await buildResetlineSchema(services),
    production: config.nodeEnv === 'production',
    trustProxy: config.trustProxy,
    logger,
    metrics,
    sessionTokens,
    rateLimits,
    routes: (app) => registerExportRoutes(app, { services, rateLimits }),
    readinessChecks: {
      eventStore: async () => void (await eventStore.headPosition()),
      ...(clickhouse ? { clickhouse: async () => void (await clickhouse.ping()) } : {}),
      ...(redis ? { redis: async () => void (await redis.ping()) } : {}),
    },
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

  return {
    config,
    clickhouse,
    workers,
    url,
    app,
    services,
    logger,
    close: async () => {
      await app.close();
      await workers?.close();
      await projections?.stop();
      // stop() asks; done resolves once the last batch is written, before the client closes.
      await projections?.done.catch(() => undefined);
      await clickhouse?.close();
      await eventStore.close();
      if (redis) await redis.quit();
    },
  };
};
