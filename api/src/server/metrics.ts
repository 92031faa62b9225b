import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per server, so tests can start several in one process. */
export const createMetrics = () => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const operations = new Counter({
    name: 'resetline_graphql_operations_total',
    help: 'GraphQL operations by name and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'resetline_graphql_operation_seconds',
    help: 'GraphQL operation duration',
    labelNames: ['operation'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'resetline_rate_limited_total',
    help: 'Requests refused by a rate limit, by limiter',
    labelNames: ['limiter'] as const,
    registers: [registry],
  });
  return { registry, operations, duration, rateLimited };
};
export type Metrics = ReturnType<typeof createMetrics>;
