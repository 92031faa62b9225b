import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The CommonJS build, the one Apollo loads: vite would give this file graphql's .mjs copy.
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql/index.js';
import type { FastifyInstance } from 'fastify';
import { createSessionTokens } from '../auth/sessionTokens.js';
import { createRateLimits } from '../rateLimit/rateLimits.js';
import { buildApp } from './app.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: { ping: { type: GraphQLString, resolve: () => 'pong' } },
  }),
});

describe('GraphQL responses and caches', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const options = {
      schema,
      production: true,
      trustProxy: false as const,
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics(),
      sessionTokens: createSessionTokens(randomBytes(32)),
      rateLimits: createRateLimits(),
    };
    app = await buildApp(options);
  });
  afterAll(() => app.close());

  const post = (query: string) =>
    app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query }),
    });

  it('marks an answer no-store', async () => {
    const response = await post('{ ping }');
    expect(response.json()).toEqual({ data: { ping: 'pong' } });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('marks an error no-store', async () => {
    const response = await post('{ nope }');
    expect(response.statusCode).toBe(400);
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
