import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '@resetline/api';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';

describe('without TRUST_PROXY', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: 'false' }, { readSide: false, workers: false });
  });
  afterAll(async () => server?.stop());

  it('ignores X-Forwarded-For, so a client cannot dodge the per-IP limit by inventing addresses', async () => {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i <= limits.anonymousPerIp.points; i++) {
      const result = await server.graphql(
        'mutation($u: String!) { signIn(tenant: "no-such-tenant", username: $u, password: "irrelevant") { token } }',
        { u: `someone-${i}` },
        { headers: { 'x-forwarded-for': `198.51.100.${i % 250}` } },
      );
      codes.push(result.errors?.[0]?.extensions?.code);
    }
    expect(codes.slice(0, limits.anonymousPerIp.points).every((c) => c === 'NOT_FOUND')).toBe(true);
    expect(codes.at(-1)).toBe('RATE_LIMITED');
  });
});
