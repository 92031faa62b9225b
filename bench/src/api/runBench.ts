import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createCryptoPorts,
  ensureDevSecrets,
  loadConfig,
  openEventStore,
} from '@resetline/adapters';
import { runBareExecute } from './bareExecute.js';
import { runFullResets } from './fullReset.js';
import { runLoadScenario, type LoadOptions } from './loadScenario.js';
import { benchUsername } from './seedBenchTenant.js';
import { startServerProcess } from './serverProcess.js';
import { formatHeader, formatRow, type ScenarioResult } from './stats.js';

const USERS_QUERY = `query Users($first: Int) {
  users(first: $first) {
    nodes { id username displayName firstName lastName source roles groups language status }
    pageInfo { endCursor hasNextPage }
    totalCount
  }
}`;
const START_RESET = `mutation Start($tenant: String!, $username: String!) {
  startPasswordReset(tenant: $tenant, username: $username) {
    flowId status gatesRequired gatesPassed unlockAllowed expiresAt
    methods { methodId method maskedTarget }
  }
}`;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    users: { type: 'string', default: '500' },
    connections: { type: 'string', default: '20' },
    lanes: { type: 'string', default: '16' },
    profile: { type: 'boolean', default: false },
    'without-passwords': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'warn' },
    only: { type: 'string' },
  },
});
const scenarioKeys = ['version', 'users', 'start', 'bare', 'full'] as const;
const only = values.only?.split(',') ?? [...scenarioKeys];
const unknownKeys = only.filter((k) => !(scenarioKeys as readonly string[]).includes(k));
if (unknownKeys.length > 0) {
  throw new Error(`--only takes ${scenarioKeys.join(',')}; unknown: ${unknownKeys.join(',')}`);
}
const wanted = (key: (typeof scenarioKeys)[number]) => only.includes(key);
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup);
const users = Number(values.users);

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const print = (line: string) => process.stdout.write(`${line}\n`);

const dataDir = mkdtempSync(join(tmpdir(), 'resetline-bench-api-'));
const cpuProfileDir = values.profile
  ? mkdtempSync(join(tmpdir(), 'resetline-bench-api-prof-'))
  : undefined;
print(
  `bench:api: ${users} users, ${seconds} s per scenario after ${warmupSeconds} s warm-up; load average ${load()}`,
);
const server = await startServerProcess({
  cpus: '0',
  dataDir,
  users,
  usersHavePasswords: !values['without-passwords'],
  logLevel: values['log-level'],
  cpuProfileDir,
});
const config = ensureDevSecrets(loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir }));
const deps = { eventStore: openEventStore({ dataDir }), ...createCryptoPorts(config.secrets) };
type ScenarioKey = (typeof scenarioKeys)[number];
const results = new Map<ScenarioKey, ScenarioResult>();
const run = async (key: ScenarioKey, scenario: () => Promise<ScenarioResult>): Promise<void> => {
  if (!wanted(key)) return;
  if (results.size === 0) print(formatHeader());
  const result = await scenario();
  results.set(key, result);
  print(formatRow(result));
};

try {
  const signIn = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'mutation ($t: String!, $u: String!, $p: String!) { signIn(tenant: $t, username: $u, password: $p) { token } }',
      variables: { t: server.tenant, u: server.admin.username, p: server.admin.password },
    }),
  }).then((r) => r.json() as Promise<{ data?: { signIn: { token: string } } }>);
  const token = signIn.data?.signIn.token;
  if (!token) throw new Error('bench:api: the demo admin could not sign in');

  const loadOptions: LoadOptions = {
    url: server.url,
    serverPid: server.pid,
    seconds,
    warmupSeconds,
    connections: Number(values.connections),
  };
  const usersScenario = {
    name: 'users(first: 50) as admin',
    query: USERS_QUERY,
    variables: { first: 50 },
    token,
  };
  const startScenario = {
    name: 'startPasswordReset (known user)',
    query: START_RESET,
    variables: { tenant: server.tenant, username: benchUsername(0) },
  };
  await run('version', () =>
    runLoadScenario({ name: 'trivial query { version }', query: '{ version }' }, loadOptions),
  );
  await run('users', () => runLoadScenario(usersScenario, loadOptions));
  await run('start', () => runLoadScenario(startScenario, loadOptions));
  await run('bare', () =>
    runBareExecute({
      ...usersScenario,
      name: 'users(first: 50), bare execute',
      deps,
      seconds,
      warmupSeconds,
    }),
  );
  // Hashing dominates a full reset, and argon2 runs on libuv's threads: give the server both.
  await run('full', () => {
    server.pinTo('0,1');
    return runFullResets({
      url: server.url,
      serverPid: server.pid,
      tenant: server.tenant,
      users,
      usersHavePasswords: server.usersHavePasswords,
      lanes: Number(values.lanes),
      seconds,
      warmupSeconds,
      store: deps.eventStore,
      secretBox: deps.secretBox,
    });
  });
} finally {
  await server.stop();
  await deps.eventStore.close();
  rmSync(dataDir, { recursive: true, force: true });
}

print(
  `load average after ${load()}${cpuProfileDir ? `; server CPU profile in ${cpuProfileDir}` : ''}`,
);
if ([...results.values()].some((r) => r.failures > 0)) {
  process.exitCode = 1;
  print('bench:api: some operations failed; these figures do not count');
}
const [version, usersRun, startRun, fullRun] = (['version', 'users', 'start', 'full'] as const).map(
  (key) => results.get(key),
);
if (version && usersRun && startRun && fullRun) {
  const worstP99 = Math.max(version.p99Ms, usersRun.p99Ms, startRun.p99Ms);
  print(
    `RESULT bench:api users_rps=${Math.round(usersRun.perSecond)} ` +
      `reset_start_rps=${Math.round(startRun.perSecond)} ` +
      `full_reset_per_s=${Math.round(fullRun.perSecond)} p99_ms=${worstP99}`,
  );
}
