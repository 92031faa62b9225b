import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startResetline, type RunningResetline, type StartOptions } from '@resetline/api';
import { freePort } from './freePort.js';

export type TestServer = RunningResetline &
  Readonly<{
    dataDir: string;
    /** POST a GraphQL operation as JSON; returns the parsed body and the HTTP status. */
    graphql: <T = Record<string, unknown>>(
      query: string,
      variables?: Record<string, unknown>,
      options?: Readonly<{ token?: string; headers?: Record<string, string> }>,
    ) => Promise<{ status: number; data: T | null; errors?: GraphQLErrorBody[] }>;
    stop: () => Promise<void>;
  }>;

export type GraphQLErrorBody = Readonly<{
  message: string;
  path?: readonly (string | number)[];
  extensions?: Readonly<{ code?: string; reason?: string }>;
}>;

/** Starts the real all-in-one Resetline on a free port with a fresh data directory. */
export const startTestServer = async (
  env: Readonly<Record<string, string>> = {},
  options: StartOptions = {},
): Promise<TestServer> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'resetline-e2e-'));
  const running = await startResetline({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    DATA_DIR: dataDir,
    // The tests stand in for a proxy on loopback, so they may set X-Forwarded-For per call.
    TRUST_PROXY: '127.0.0.1',
    ...env,
  }, options);
  return {
    ...running,
    dataDir,
    graphql: async (query, variables, options) => {
      const response = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options?.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options?.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: GraphQLErrorBody[] };
      return {
        status: response.status,
        data: (body.data ?? null) as never,
        ...(body.errors ? { errors: body.errors } : {}),
      };
    },
    stop: async () => {
      await running.close();
      try {
        rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      } catch {
        // chDB may still be finishing a background merge in its directory; the OS tmp cleaner
        // takes what is left. The server itself is closed.
      }
    },
  };
};
