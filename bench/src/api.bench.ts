import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// bench:api. The load generator runs pinned to core 1 and the server to core 0 (both cores for
// the full resets). This process only re-executes itself under `taskset -c 1`; the benchmark
// is in ./api/runBench.ts, imported once pinned. tsx gets the API's tsconfig so that the
// resolvers' decorators compile in this process too (the bare-execute scenario builds the schema).
if (process.env['RESETLINE_BENCH_API_PINNED'] !== '1') {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(
    'taskset',
    [
      '-c',
      '1',
      process.execPath,
      '--conditions=source',
      '--import',
      'tsx',
      self,
      ...process.argv.slice(2),
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        RESETLINE_BENCH_API_PINNED: '1',
        // The bare-execute scenario runs graphql here: as deployed, like the server.
        NODE_ENV: 'production',
        TSX_TSCONFIG_PATH: fileURLToPath(new URL('../../api/tsconfig.json', import.meta.url)),
      },
    },
  );
  if (run.error) throw new Error(`bench:api needs taskset (util-linux): ${run.error.message}`);
  process.exit(run.status ?? 1);
} else {
  await import('./api/runBench.js');
}
