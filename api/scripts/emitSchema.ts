import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createCryptoPorts, openSqliteEventStore, Redacted } from '@resetline/adapters';
import { createSessionTokens } from '../src/auth/sessionTokens.js';
import type { AppServices } from '../src/common/appServices.js';
import { buildResetlineSchema } from '../src/schema.js';

/** The committed schema file, reviewed with every API change. */
export const SCHEMA_FILE = fileURLToPath(new URL('../schema.graphql', import.meta.url));

const key = () => new Redacted(randomBytes(32));

/** Builds the schema over throwaway in-memory services and writes it as sorted SDL. */
export const emitSchema = async (path: string = SCHEMA_FILE): Promise<void> => {
  const eventStore = openSqliteEventStore({ path: ':memory:' });
  try {
    const services: AppServices = {
      deps: { eventStore, ...createCryptoPorts({ codeHmacKey: key(), secretBoxKey: key() }) },
      sessionTokens: createSessionTokens(randomBytes(32)),
    };
    await buildResetlineSchema(services, { emitSchemaFile: path });
  } finally {
    await eventStore.close();
  }
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await emitSchema();
  console.log(`wrote ${SCHEMA_FILE}`);
}
