import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/resetlineServer.js';

describe('the HTTP server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.stop());

  it('answers health, readiness and metrics', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    await server.graphql('{ version }');
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('resetline_graphql_operations_total');
  });

  it('refuses batched requests', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ version }' }, { query: '{ version }' }]),
    });
    expect(response.status).toBe(400);
  });

  it('refuses a GET mutation and a form-encoded POST (CSRF prevention)', async () => {
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('mutation { signIn(tenant:"t", username:"u", password:"p") { token } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(405);
    const form = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ version }' }),
    });
    expect(form.status).toBe(400);
  });

  it('answers an unknown tenant with a stable code and no stack trace', async () => {
    const result = await server.graphql(
      'mutation($t: String!) { signIn(tenant: $t, username: "someone", password: "irrelevant-pass") { token } }',
      { t: 'no-such-tenant' },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(result.errors)).not.toMatch(/stacktrace|at .*\.ts/);
  });

  it('refuses two sensitive mutations in one operation', async () => {
    const result = await server.graphql(
      'mutation { a: signIn(tenant: "t", username: "u", password: "p1") { token } b: signIn(tenant: "t", username: "u", password: "p2") { token } }',
    );
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/one sensitive mutation/);
  });

  it('answers an over-long query (token limit) with 400, not 500', async () => {
    const result = await server.graphql(`{ ${'version '.repeat(2100)} }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/Token limit/);
  });

  it('does not repeat a wrongly typed value (it may be a code or a password) in the error', async () => {
    const result = await server.graphql(
      'mutation($p: String!) { signIn(tenant: "t", username: "u", password: $p) { token } }',
      { p: 48213957 },
    );
    expect(result.errors?.[0]?.message).toMatch(/Variable "\$p" got an invalid value/);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result)).not.toContain('48213957');
    const literal = await server.graphql('mutation { signIn(tenant: "t", username: "u", password: 48213957) { token } }');
    expect(literal.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(literal)).not.toContain('48213957');
  });

  it('refuses more than 15 aliases', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `v${i}: version`).join(' ');
    const result = await server.graphql(`{ ${aliases} }`);
    expect(result.errors?.[0]?.message).toMatch(/alias/i);
  });
});
