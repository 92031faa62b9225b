import { randomBytes } from 'node:crypto';
import { resetStreamId, type EventStore, type SecretBox } from '@resetline/domain';
import { processCpuMs } from './processCpu.js';
import { lastSealedCode } from './sealedCodes.js';
import { benchUsername } from './seedBenchTenant.js';
import { percentile, type ScenarioResult } from './stats.js';

const START = `mutation ($tenant: String!, $username: String!) {
  startPasswordReset(tenant: $tenant, username: $username) { flowId gatesRequired methods { methodId method } }
}`;
const SEND = `mutation ($flowId: String!, $methodId: String!) {
  sendResetCode(flowId: $flowId, methodId: $methodId) { methodId }
}`;
const VERIFY = `mutation ($flowId: String!, $methodId: String!, $code: String!) {
  verifyResetCode(flowId: $flowId, methodId: $methodId, code: $code) { gatesPassed gatesRequired }
}`;
const COMPLETE = `mutation ($flowId: String!, $newPassword: String!) {
  completePasswordReset(flowId: $flowId, newPassword: $newPassword) { flowId }
}`;

export type FullResetOptions = Readonly<{
  url: string;
  serverPid: number;
  tenant: string;
  /** Seeded users 0..users-1, shared out between lanes so no two flows touch one user at once. */
  users: number;
  usersHavePasswords: boolean;
  lanes: number;
  seconds: number;
  warmupSeconds: number;
  /** Read access to the server's store and its secret box, to open the code each flow sent. */
  store: EventStore;
  secretBox: SecretBox;
}>;

const graphql = async <T>(url: string, query: string, variables: Record<string, unknown>) => {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: T;
    errors?: { extensions?: { code?: string } }[];
  };
  if (!body.data || body.errors) {
    throw new Error(
      `bench:api full reset: ${body.errors?.[0]?.extensions?.code ?? response.status}`,
    );
  }
  return body.data;
};

/** One reset by email code, start to new password, as the portal does it. */
const resetOnce = async (options: FullResetOptions, username: string): Promise<void> => {
  const { url, tenant } = options;
  const { startPasswordReset: flow } = await graphql<{
    startPasswordReset: {
      flowId: string;
      gatesRequired: number;
      methods: { methodId: string; method: string }[];
    };
  }>(url, START, { tenant, username });
  const email = flow.methods.find((m) => m.method === 'email');
  if (!email || flow.gatesRequired !== 1)
    throw new Error(`bench:api: ${username} cannot reset by email alone`);
  const ids = { flowId: flow.flowId, methodId: email.methodId };
  await graphql(url, SEND, ids);
  const code = await lastSealedCode(options.store, options.secretBox, resetStreamId(flow.flowId));
  await graphql(url, VERIFY, { ...ids, code });
  await graphql(url, COMPLETE, {
    flowId: flow.flowId,
    newPassword: randomBytes(12).toString('base64url'),
  });
};

/**
 * Closed loop: `lanes` portal users each run resets back to back, every lane on its own slice
 * of the seeded users (a user's resets are serialised, as they would be for one person). The
 * code is read from the flow's sealed event with the server's secret box, as the delivery
 * worker does, instead of from the dev outbox.
 */
export const runFullResets = async (options: FullResetOptions): Promise<ScenarioResult> => {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const drive = async (seconds: number, measure: boolean, offset: number): Promise<void> => {
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: options.lanes }, async (_, lane) => {
        for (let turn = offset; performance.now() < end; turn++) {
          const n = (lane + turn * options.lanes) % options.users;
          const started = performance.now();
          try {
            await resetOnce(options, benchUsername(n));
            if (measure) latencies.push(performance.now() - started);
          } catch (error) {
            failures++;
            firstFailure ??= (error as Error).message;
          }
        }
      }),
    );
  };
  await drive(options.warmupSeconds, false, 0);
  latencies.length = 0;
  failures = 0;
  const cpuBefore = processCpuMs(options.serverPid);
  const start = performance.now();
  // Far from the warm-up's users, so no user is reset twice within a few seconds.
  await drive(options.seconds, true, Math.ceil(options.users / options.lanes / 2));
  const elapsedS = (performance.now() - start) / 1000;
  const cpuMs = processCpuMs(options.serverPid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    name: `full reset by email (${options.usersHavePasswords ? 'had a password' : 'first password'})`,
    perSecond: latencies.length / elapsedS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    serverCpuMsPerOp: latencies.length > 0 ? cpuMs / latencies.length : undefined,
    failures,
    ...(firstFailure ? { note: `first failure: ${firstFailure}` } : {}),
  };
};
