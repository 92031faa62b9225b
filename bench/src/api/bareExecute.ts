import { execute, parse, type ExecutionResult } from 'graphql';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { buildResetlineSchema } from '@resetline/api';
import type { ServiceDeps } from '@resetline/domain';
import { percentile, type ScenarioResult } from './stats.js';

type AppServices = Parameters<typeof buildResetlineSchema>[0];

/** The claims of a token the server issued, read without verifying (the server verified it). */
const sessionOf = (token: string) => {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    sub: string;
    tid: string;
    roles: string[];
    cv: number;
    mcp?: boolean;
  };
  return {
    userId: payload.sub,
    tenantId: payload.tid,
    roles: payload.roles,
    credentialVersion: payload.cv,
    mustChangePassword: payload.mcp ?? false,
  };
};

// The resolvers under test never issue or verify tokens: the session is decoded once above.
const noSessionTokens = {
  issue: () => Promise.reject(new Error('bare execute issues no tokens')),
  verify: () => Promise.reject(new Error('bare execute verifies no tokens')),
} as unknown as AppServices['sessionTokens'];

/**
 * The same operation through `graphql.execute` on the same schema and services, one at a time,
 * in this process: no HTTP, no Fastify, no Apollo (whose document cache skips parse and
 * validation on a repeated query, so neither is done here either). The per-user rate limiter
 * the authChecker calls is a memory limiter with the server's raised points.
 */
export const runBareExecute = async (
  options: Readonly<{
    name: string;
    deps: ServiceDeps;
    query: string;
    variables?: Record<string, unknown>;
    token: string;
    seconds: number;
    warmupSeconds: number;
  }>,
): Promise<ScenarioResult> => {
  const schema = await buildResetlineSchema({ deps: options.deps, sessionTokens: noSessionTokens });
  const document = parse(options.query);
  const limiter = new RateLimiterMemory({ points: 600 * 100_000, duration: 60 });
  const contextValue = {
    ip: '127.0.0.1',
    userAgent: 'bench',
    correlationId: 'bench-bare-execute',
    session: sessionOf(options.token),
    rateLimits: {
      consume: async (_limit: string, key: string) => void (await limiter.consume(key)),
    },
  };
  const once = async (): Promise<ExecutionResult> =>
    (await execute({
      schema,
      document,
      contextValue,
      variableValues: options.variables ?? {},
    })) as ExecutionResult;

  const warmupEnd = performance.now() + options.warmupSeconds * 1000;
  while (performance.now() < warmupEnd) await once();
  const latencies: number[] = [];
  let failures = 0;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const end = start + options.seconds * 1000;
  for (let t = start; t < end;) {
    const result = await once();
    if (result.errors?.length) failures++;
    const now = performance.now();
    latencies.push(now - t);
    t = now;
  }
  const elapsedS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const ok = latencies.length - failures;
  return {
    name: options.name,
    perSecond: ok / elapsedS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    serverCpuMsPerOp: (cpu.user + cpu.system) / 1000 / latencies.length,
    failures,
    note: 'in the bench process, one at a time',
  };
};
