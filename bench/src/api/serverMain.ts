import { parseArgs } from 'node:util';
import { startResetline } from '@resetline/api';
import { seedBenchTenant } from './seedBenchTenant.js';

// bench:api's server process: the embedded Resetline in the shape of a production API process
// (SQLite store, no read side, no workers in it), on the data directory the bench gives it,
// seeded through the real services. Prints one `READY {json}` line, stops on SIGTERM.
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '4000' },
    users: { type: 'string', default: '500' },
    'without-passwords': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'warn' },
  },
});
const dataDir = values['data-dir'];
if (!dataDir) throw new Error('serverMain: --data-dir is required');

// The process runs with NODE_ENV=production, so the libraries behave as deployed; Resetline's own
// configuration says development, for the generated secrets and the raised rate limits.
const running = await startResetline(
  {
    NODE_ENV: 'development',
    LOG_LEVEL: values['log-level'],
    HOST: '127.0.0.1',
    PORT: values.port,
    DATA_DIR: dataDir,
  },
  // Limits raised so one load generator (one IP, one account) can drive the server.
  { readSide: false, workers: false, rateLimitLoadTestMultiplier: 100_000 },
);
const seeded = await seedBenchTenant(
  running.services.deps,
  Number(values.users),
  !values['without-passwords'],
);
process.stdout.write(`READY ${JSON.stringify({ url: running.url, ...seeded })}\n`);

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  void running.close().finally(() => process.exit(0));
});
