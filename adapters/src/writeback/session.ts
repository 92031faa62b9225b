import { Client } from 'ldapts';
import type { LdapWritebackConfig } from './config.js';
import { translateDirectoryError, type DirectoryPhase } from './translateError.js';

/** A bound connection, with the phase it is in so failures say where they happened. */
export type DirectorySession = Readonly<{
  client: Client;
  /** Runs one step; a failure becomes a WritebackError naming `phase`. */
  step<T>(phase: DirectoryPhase, run: () => Promise<T>): Promise<T>;
}>;

/**
 * Opens a connection, binds as the service account, runs `work` and always unbinds, even when
 * the bind failed: an open ldapts socket keeps the process alive. `secrets` are redacted from
 * any error message.
 */
export async function withDirectorySession<T>(
  config: LdapWritebackConfig,
  secrets: readonly string[],
  work: (session: DirectorySession) => Promise<T>,
): Promise<T> {
  const client = new Client({
    url: config.url,
    timeout: config.timeoutMs,
    connectTimeout: config.timeoutMs,
    ...(config.tlsOptions ? { tlsOptions: config.tlsOptions } : {}),
  });
  const allSecrets = [...secrets, config.bindPassword];
  const step = async <R>(phase: DirectoryPhase, run: () => Promise<R>): Promise<R> => {
    try {
      return await run();
    } catch (error) {
      throw translateDirectoryError(error, phase, allSecrets);
    }
  };
  try {
    await step('bind', () => client.bind(config.bindDn, config.bindPassword));
    return await work({ client, step });
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
