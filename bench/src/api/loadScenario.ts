import autocannon from 'autocannon';
import { processCpuMs } from './processCpu.js';
import type { ScenarioResult } from './stats.js';

export type LoadScenario = Readonly<{
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  token?: string;
}>;

export type LoadOptions = Readonly<{
  url: string;
  serverPid: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
}>;

/** A GraphQL response counts only when it has data and no error (rate limits answer 200 too). */
const succeeded = (body: string): boolean =>
  body.startsWith('{"data":{') && !body.includes('"errors":');

const fire = (scenario: LoadScenario, options: LoadOptions, seconds: number) =>
  autocannon({
    url: `${options.url}/graphql`,
    connections: options.connections,
    duration: seconds,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(scenario.token ? { authorization: `Bearer ${scenario.token}` } : {}),
    },
    body: JSON.stringify({ query: scenario.query, variables: scenario.variables ?? {} }),
    verifyBody: succeeded,
  });

/**
 * Closed-loop load with autocannon (`connections` requests in flight) for a fixed duration,
 * after an unmeasured warm-up (JIT, Apollo's document cache, the user index).
 */
export const runLoadScenario = async (
  scenario: LoadScenario,
  options: LoadOptions,
): Promise<ScenarioResult> => {
  if (options.warmupSeconds > 0) await fire(scenario, options, options.warmupSeconds);
  const cpuBefore = processCpuMs(options.serverPid);
  const result = await fire(scenario, options, options.seconds);
  const cpuMs = processCpuMs(options.serverPid) - cpuBefore;
  const ok = result['2xx'] - result.mismatches;
  return {
    name: scenario.name,
    perSecond: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    serverCpuMsPerOp: ok > 0 ? cpuMs / ok : undefined,
    failures: result.mismatches + result.non2xx + result.errors + result.timeouts,
  };
};
