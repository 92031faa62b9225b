import {
  ConfigError,
  createCryptoPorts,
  ensureDevSecrets,
  loadConfig,
  openEventStore,
} from '@resetline/adapters';
import { ResetlineError } from '@resetline/domain';
import { bootstrapTenant } from './bootstrapTenant.js';
import { parseTenantArgs, USAGE, UsageError } from './parseTenantArgs.js';

/** `npm run tenant -- create …`: the same configuration and event store as the server. */
const main = async (): Promise<number> => {
  let input;
  try {
    input = parseTenantArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  // `npm run -w` runs us inside api/: resolve DATA_DIR (default ./data) from where npm was typed,
  // so the CLI writes to the same store as `npm start`.
  if (process.env['INIT_CWD']) process.chdir(process.env['INIT_CWD']);
  let config;
  try {
    config = ensureDevSecrets(loadConfig(process.env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 2;
  }
  const eventStore = openEventStore({
    eventStoreUrl: config.eventStoreUrl,
    dataDir: config.dataDir,
  });
  try {
    const result = await bootstrapTenant(
      { eventStore, ...createCryptoPorts(config.secrets) },
      input,
    );
    console.log(
      [
        `Tenant ${result.tenantId} created (${input.tier}).`,
        `Global administrator: ${result.adminUsername} (id ${result.adminUserId})`,
        `Temporary password:   ${result.temporaryPassword}`,
        'It is shown only this once and must be changed at the first sign-in.',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ResetlineError)) throw error;
    console.error(`error: ${error.message} (${error.code}/${error.reason})`);
    return 1;
  } finally {
    await eventStore.close();
  }
};

process.exitCode = await main();
