import type {
  DirectoryConnectionCheck,
  DirectoryWriteback,
  WritebackTarget,
} from '@resetline/domain';
import type { LdapWritebackConfigInput } from './config.js';
import { WritebackError } from './errors.js';
import { LdapDirectoryWriteback } from './ldapDirectoryWriteback.js';

/**
 * Looks up a tenant's directory configuration (bind secret already opened); undefined when the
 * tenant has none.
 */
export type TenantDirectoryConfigs = (
  tenantId: string,
) => Promise<LdapWritebackConfigInput | undefined>;

/** The DirectoryWriteback port: routes each write to the directory of the target's tenant. */
export class TenantDirectoryWriteback implements DirectoryWriteback {
  constructor(private readonly configs: TenantDirectoryConfigs) {}

  async setPassword(target: WritebackTarget, newPassword: string): Promise<void> {
    const directory = await this.#directoryOf(target.tenantId);
    await directory.setPassword(target.username, newPassword);
  }

  async unlock(target: WritebackTarget): Promise<void> {
    const directory = await this.#directoryOf(target.tenantId);
    await directory.unlock(target.username);
  }

  async testConnection(tenantId: string): Promise<DirectoryConnectionCheck> {
    const config = await this.configs(tenantId);
    if (!config) return { ok: false, reason: 'DirectoryNotConfigured', message: notConfigured };
    return new LdapDirectoryWriteback(config).testConnection();
  }

  async #directoryOf(tenantId: string): Promise<LdapDirectoryWriteback> {
    const config = await this.configs(tenantId);
    if (!config) throw new WritebackError('DirectoryNotConfigured', notConfigured);
    return new LdapDirectoryWriteback(config);
  }
}

const notConfigured = 'This tenant has no directory configured for password writeback';
