import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

const FLOW_ID = 'Zq3vN8d1fXk2Lw9sR4tY7uB0cE5gH6jK';
const CODE = '48213957';

/** A logger whose lines the test can read, as JSON objects. */
const capturedLogger = () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
};

describe('the API logger', () => {
  it('logs the path of a GraphQL GET, never its query string with a flow id and a code', async () => {
    const { logger, lines } = capturedLogger();
    const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
    app.get('/graphql', async (_request, reply) => reply.code(400).send({ errors: [] }));
    const operation = `mutation { verifyResetCode(flowId: "${FLOW_ID}", methodId: "email", code: "${CODE}") { gatesPassed } }`;
    const search = new URLSearchParams({
      query: operation,
      variables: JSON.stringify({ flowId: FLOW_ID, code: CODE }),
    });

    const response = await app.inject({ method: 'GET', url: `/graphql?${search}` });
    await app.close();

    expect(response.statusCode).toBe(400);
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.req);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests[0].req).toMatchObject({ method: 'GET', url: '/graphql' });
    const logged = lines.join('\n');
    expect(logged).not.toContain(FLOW_ID);
    expect(logged).not.toContain(CODE);
  });

  it('redacts flow ids, codes and variables in any logged object', () => {
    const { logger, lines } = capturedLogger();
    logger.info(
      {
        flowId: FLOW_ID,
        code: CODE,
        args: { flowId: FLOW_ID, code: CODE, enrolmentToken: 'v1.sealed-enrolment' },
        request: { variables: { f: FLOW_ID, c: CODE } },
      },
      'a resolver logged its arguments by mistake',
    );

    const [line] = lines;
    expect(line).toBeDefined();
    expect(line).not.toContain(FLOW_ID);
    expect(line).not.toContain(CODE);
    expect(line).not.toContain('v1.sealed-enrolment');
    expect(JSON.parse(line!)).toMatchObject({ flowId: '[redacted]', code: '[redacted]' });
  });
});
