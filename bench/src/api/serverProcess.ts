import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { SeededTenant } from './seedBenchTenant.js';

const benchDir = fileURLToPath(new URL('../../', import.meta.url));
const apiTsconfig = fileURLToPath(new URL('../../../api/tsconfig.json', import.meta.url));

export type ServerProcess = SeededTenant &
  Readonly<{
    pid: number;
    url: string;
    /** Moves every thread of the server (and threads it starts later) onto these CPUs. */
    pinTo: (cpus: string) => void;
    stop: () => Promise<void>;
  }>;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * Starts serverMain in a child process pinned to `cpus` with taskset, and waits for its READY
 * line. tsx gets the API's tsconfig: esbuild only applies decorator settings to files a tsconfig
 * includes, and the resolvers are the API's files.
 */
export const startServerProcess = async (
  options: Readonly<{
    cpus: string;
    dataDir: string;
    users: number;
    usersHavePasswords: boolean;
    logLevel: string;
    /** Directory for a `--cpu-prof` profile of the server, written when it stops. */
    cpuProfileDir?: string | undefined;
  }>,
): Promise<ServerProcess> => {
  const port = await freePort();
  const nodeArgs = [
    '--conditions=source',
    // tsx's ESM loader only: its CommonJS hook would also run on every `require` a library makes
    // while serving (Apollo requires node:crypto per request, ~5% of a small request's CPU),
    // which a deployed server (plain node on the build) does not pay.
    '--import',
    'tsx/esm',
    ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
    'src/api/serverMain.ts',
    `--data-dir=${options.dataDir}`,
    `--users=${options.users}`,
    `--log-level=${options.logLevel}`,
    ...(options.usersHavePasswords ? [] : ['--without-passwords']),
    `--port=${port}`,
  ];
  const child = spawn('taskset', ['-c', options.cpus, process.execPath, ...nodeArgs], {
    cwd: benchDir,
    // Libraries as deployed (graphql's production instanceOf, for one): see serverMain.
    env: { ...process.env, NODE_ENV: 'production', TSX_TSCONFIG_PATH: apiTsconfig },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = await new Promise<SeededTenant & { url: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) resolve(JSON.parse(line.slice('READY '.length)));
    });
    void exited.then((code) => reject(new Error(`bench:api server exited early (code ${code})`)));
  });
  const pid = child.pid!;
  return {
    ...ready,
    pid,
    pinTo: (cpus) => {
      execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
};
