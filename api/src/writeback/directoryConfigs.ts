import { TenantDirectoryWriteback, type LdapWritebackConfigInput } from '@resetline/adapters';
import {
  getTenant,
  type DirectorySettings,
  type DirectoryWriteback,
  type ServiceDeps,
} from '@resetline/domain';

/** The adapter's configuration from a tenant's stored settings, the bind secret opened. */
export const toLdapConfig = (
  settings: DirectorySettings,
  secretBox: ServiceDeps['secretBox'],
): LdapWritebackConfigInput => {
  const { sealedBindPassword, tls, ...rest } = settings;
  return {
    ...rest,
    bindPassword: secretBox.open(sealedBindPassword),
    ...(tls ? { tlsOptions: tls } : {}),
  };
};

/** The tenant's directory configuration as it is now, undefined when it has none. */
export const directoryConfigOf = async (
  deps: Pick<ServiceDeps, 'eventStore' | 'secretBox'>,
  tenantId: string,
): Promise<LdapWritebackConfigInput | undefined> => {
  const directory = (await getTenant(deps, tenantId))?.directory;
  return directory ? toLdapConfig(directory, deps.secretBox) : undefined;
};

/**
 * `ServiceDeps.writebackFor`: the tenant's directory read from its events on every call, so a
 * new configuration applies to the next operation with no cache to invalidate (each LDAP
 * operation opens its own connection anyway).
 */
export const createWritebackFor =
  (deps: Pick<ServiceDeps, 'eventStore' | 'secretBox'>) =>
  async (tenantId: string): Promise<DirectoryWriteback | undefined> => {
    const config = await directoryConfigOf(deps, tenantId);
    return config ? new TenantDirectoryWriteback(async () => config) : undefined;
  };
