import { parseLdapWritebackConfig } from '@resetline/adapters';
import {
  configureDirectoryWritebackSchema,
  handleConfigureDirectoryWriteback,
  handleRemoveDirectoryWriteback,
  loadActiveTenant,
  parseInput,
  ResetlineError,
  withoutBindSecret,
  type CommandMetadata,
  type DirectorySettings,
  type ServiceDeps,
  type TenantResult,
} from '@resetline/domain';
import { toPatch } from '../admin/adminContext.js';
import type { DirectoryWritebackInput } from './writeback.input.js';
import type {
  DirectoryConnectionCheck,
  DirectoryWritebackChange,
  DirectoryWritebackConfiguration,
} from './writeback.type.js';

const toConfiguration = (settings: DirectorySettings): DirectoryWritebackConfiguration => {
  const { kind, url, bindDn, baseDn, userFilter, timeoutMs, tls } = withoutBindSecret(settings);
  return {
    kind,
    url,
    bindDn,
    baseDn,
    userFilter: userFilter ?? null,
    timeoutMs: timeoutMs ?? null,
    tls: tls
      ? {
          caConfigured: tls.ca !== undefined,
          servername: tls.servername ?? null,
          rejectUnauthorized: tls.rejectUnauthorized ?? null,
          minVersion: tls.minVersion ?? null,
        }
      : null,
  };
};

const toChange = ({ changed, tenant }: TenantResult): DirectoryWritebackChange => ({
  changed,
  directory: tenant.directory ? toConfiguration(tenant.directory) : null,
});

export const currentDirectory = async (
  deps: ServiceDeps,
  tenantId: string,
): Promise<DirectoryWritebackConfiguration | null> => {
  const { directory } = await loadActiveTenant(deps, tenantId);
  return directory ? toConfiguration(directory) : null;
};

/**
 * The domain checks the shape; the LDAP adapter then parses the same settings (filter syntax,
 * TLS options), so nothing is stored that the adapter would refuse at the first reset.
 */
export const configureDirectory = async (
  deps: ServiceDeps,
  input: DirectoryWritebackInput,
  metadata: CommandMetadata,
): Promise<DirectoryWritebackChange> => {
  const settings = parseInput(
    configureDirectoryWritebackSchema,
    toPatch(input),
    'InvalidDirectoryConfig',
    'directory writeback configuration',
  );
  const { tls, ...rest } = settings;
  parseLdapWritebackConfig({ ...rest, ...(tls ? { tlsOptions: tls } : {}) });
  return toChange(await handleConfigureDirectoryWriteback(deps, settings, metadata));
};

export const removeDirectory = async (
  deps: ServiceDeps,
  metadata: CommandMetadata,
): Promise<DirectoryWritebackChange> =>
  toChange(await handleRemoveDirectoryWriteback(deps, metadata));

const notConfigured: DirectoryConnectionCheck = {
  ok: false,
  reason: 'DirectoryNotConfigured',
  message: 'This tenant has no directory configured for password writeback',
};

/** Binds with the stored configuration and reads the base DN; a failure is an answer, not an error. */
export const testDirectoryConnection = async (
  deps: ServiceDeps,
  tenantId: string,
): Promise<DirectoryConnectionCheck> => {
  const directory = await deps.writebackFor?.(tenantId);
  if (!directory) return notConfigured;
  try {
    const check = await directory.testConnection(tenantId);
    return check.ok
      ? { ok: true, reason: null, message: null }
      : { ok: false, reason: check.reason, message: check.message };
  } catch (error) {
    // A stored configuration the adapter refuses (InvalidDirectoryConfig) is a failed check too.
    if (!(error instanceof ResetlineError)) throw error;
    return { ok: false, reason: error.reason, message: error.message };
  }
};
