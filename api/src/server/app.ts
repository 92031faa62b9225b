import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import type { SessionTokens } from '../auth/sessionTokens.js';
import type { RateLimits } from '../rateLimit/rateLimits.js';
import { compiledExecution } from './compiledExecution.js';
import type { RequestContext } from './context.js';
import { createFormatError } from './errors.js';
import type { Metrics } from './metrics.js';
import { oneSensitiveMutationPerOperation } from './sensitiveMutations.js';
import { exceedsTokenLimit, MAX_TOKENS } from './tokenLimit.js';
import { rememberVerifiedSessions } from './verifiedSessions.js';

export type AppOptions = Readonly<{
  schema: GraphQLSchema;
  production: boolean;
  /** Which proxies may set X-Forwarded-For (TRUST_PROXY); false (default) trusts none. */
  trustProxy?: false | number | readonly string[];
  logger: Logger;
  metrics: Metrics;
  sessionTokens: SessionTokens;
  rateLimits: RateLimits;
  /** Each check throws when its dependency is not ready; /readyz answers 503 then. */
  readinessChecks?: Readonly<Record<string, () => Promise<void>>>;
  /** Extra routes (console, portal, CSV exports) registered by the composition root. */
  routes?: (app: FastifyInstance) => Promise<void>;
}>;

const bearer = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
};

const metricsPlugin = (metrics: Metrics): ApolloServerPlugin<RequestContext> => ({
  async requestDidStart() {
    const stop = metrics.duration.startTimer();
    return {
      async willSendResponse({ operationName, errors }) {
        const operation = operationName ?? 'anonymous';
        stop({ operation });
        metrics.operations.inc({ operation, outcome: errors?.length ? 'error' : 'ok' });
      },
    };
  },
});

/**
 * Every GraphQL answer is personal or a command's result: never stored by a cache. Apollo's
 * cache-control plugin would say the same, but it wraps every field resolver to collect hints
 * that Resetline never gives (a quarter of the CPU of a 50-user page), so it is off and this
 * sets the header instead.
 */
const noStorePlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/** The HTTP server: GraphQL at /graphql, health, readiness and Prometheus metrics. */
export const buildApp = async (options: AppOptions): Promise<FastifyInstance> => {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // Fastify accepts a hop count too (documented), though its type leaves numbers out.
    trustProxy: (typeof options.trustProxy === 'object'
      ? [...options.trustProxy]
      : (options.trustProxy ?? false)) as boolean | string[],
    bodyLimit: 1024 * 1024,
    // One line per request (below) instead of Fastify's two, which cost 40% of a small request.
    logController: new LogController({ disableRequestLogging: true }),
    // Fastify makes a pino child per request only to bind its id, which with redaction
    // configured costs a few percent of a small request: the request's lines name the id instead.
    childLoggerFactory: (logger) => logger,
  });
  // Logged when the answer is sent, with the path only: a GET's query string may hold GraphQL
  // variables, and the redaction cannot look inside a URL.
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        reqId: request.id,
        method: request.method,
        path: request.url.split('?')[0],
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
  });

  const armor = new ApolloArmor({
    maxAliases: { n: 15 },
    maxDepth: { n: 10 },
    costLimit: { maxCost: 5000 },
    maxDirectives: { n: 20 },
    // Checked before Apollo instead (tokenLimit.ts), so the refusal is a 400.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: options.production },
  }).protect();

  const apollo = new ApolloServer<RequestContext>({
    gateway: compiledExecution(options.schema),
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    validationRules: [...armor.validationRules, oneSensitiveMutationPerOperation],
    formatError: createFormatError(options.logger),
    plugins: [
      // graphql-armor is typed against Apollo's CJS build; the plugins are the same objects.
      ...(armor.plugins as unknown as ApolloServerPlugin<RequestContext>[]),
      fastifyApolloDrainPlugin(app),
      metricsPlugin(options.metrics),
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin,
      ...(options.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();
  const sessions = rememberVerifiedSessions(options.sessionTokens);

  app.addHook('preValidation', async (request, reply) => {
    if (request.url.split('?')[0] !== '/graphql') return;
    const body = request.body as { query?: unknown } | undefined;
    const query =
      typeof body?.query === 'string' ? body.query : (request.query as { query?: unknown }).query;
    if (typeof query === 'string' && exceedsTokenLimit(query)) {
      return reply.code(400).send({
        errors: [
          {
            message: `Syntax Error: Token limit of ${MAX_TOKENS} exceeded.`,
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      });
    }
  });

  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    // Mutations by POST with a JSON body only (CSRF); queries may use GET.
    method: ['GET', 'POST'],
    context: async (request): Promise<RequestContext> => {
      const token = bearer(request);
      return {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        correlationId:
          (typeof request.headers['x-correlation-id'] === 'string' &&
            /^[\w-]{8,64}$/.test(request.headers['x-correlation-id']) &&
            request.headers['x-correlation-id']) ||
          randomUUID(),
        session: token ? await sessions.verify(token) : null,
        rateLimits: options.rateLimits,
      };
    },
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(options.readinessChecks ?? {}).map(async ([name, check]) => {
        try {
          await check();
          return [name, 'ok'] as const;
        } catch {
          return [name, 'failing'] as const;
        }
      }),
    );
    const ready = results.every(([, s]) => s === 'ok');
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics()),
  );
  if (options.routes) await options.routes(app);
  return app;
};
