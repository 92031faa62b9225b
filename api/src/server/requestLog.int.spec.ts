import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The CommonJS build, the one Apollo loads: vite would give this file graphql's .mjs copy.
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql/index.js';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createSessionTokens } from '../auth/sessionTokens.js';
import { createRateLimits } from '../rateLimit/rateLimits.js';
import { buildApp } from './app.js';
import { redactPaths } from './logger.js';
import { createMetrics } from './metrics.js';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      echo: {
        type: GraphQLString,
        args: { password: { type: GraphQLString } },
        resolve: () => 'ok',
      },
    },
  }),
});

describe('the request log', () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  let app: FastifyInstance;
  beforeAll(async () => {
    const options = {
      schema,
      production: true,
      trustProxy: false as const,
      logger: pino({ level: 'info', redact: { paths: redactPaths, censor: '[redacted]' } }, sink),
      metrics: createMetrics(),
      sessionTokens: createSessionTokens(randomBytes(32)),
      rateLimits: createRateLimits(),
    };
    app = await buildApp(options);
  });
  afterAll(() => app.close());

  it('writes one line per request, with its path, status and duration', async () => {
    lines.length = 0;
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        reqId: expect.stringMatching(/^req-/),
        method: 'GET',
        path: '/healthz',
        statusCode: 200,
        ms: expect.any(Number),
      }),
    ]);
  });

  it('leaves out the query string, where a GET carries GraphQL variables', async () => {
    lines.length = 0;
    const query = encodeURIComponent('query ($password: String) { echo(password: $password) }');
    const variables = encodeURIComponent(JSON.stringify({ password: 'hunter2-correct-horse' }));
    const response = await app.inject({
      method: 'GET',
      url: `/graphql?query=${query}&variables=${variables}`,
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.json()).toEqual({ data: { echo: 'ok' } });
    expect(lines).toEqual([expect.objectContaining({ path: '/graphql', statusCode: 200 })]);
    expect(JSON.stringify(lines)).not.toContain('hunter2');
  });
});
