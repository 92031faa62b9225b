import type { DirectoryConnectionCheck } from '@resetline/domain';
import { ValidationError } from '@resetline/domain';
import { activeDirectoryDialect } from './activeDirectory.js';
import {
  parseLdapWritebackConfig,
  type DirectoryKind,
  type LdapWritebackConfig,
  type LdapWritebackConfigInput,
} from './config.js';
import type { DirectoryDialect } from './dialect.js';
import { WritebackError } from './errors.js';
import { findUser } from './findUser.js';
import { openLdapDialect } from './openLdap.js';
import { withDirectorySession } from './session.js';

const dialects: Readonly<Record<DirectoryKind, DirectoryDialect>> = {
  openldap: openLdapDialect,
  activeDirectory: activeDirectoryDialect,
};

/**
 * One tenant's LDAP directory (OpenLDAP or Active Directory). Each call opens its own
 * connection, binds as the service account, does its work and unbinds. Failures throw a
 * WritebackError; nothing here logs or keeps a password.
 */
export class LdapDirectoryWriteback {
  readonly #config: LdapWritebackConfig;
  readonly #dialect: DirectoryDialect;

  constructor(config: LdapWritebackConfigInput) {
    this.#config = parseLdapWritebackConfig(config);
    this.#dialect = dialects[this.#config.kind];
  }

  async setPassword(username: string, newPassword: string): Promise<void> {
    if (typeof newPassword !== 'string' || newPassword.length === 0) {
      throw new ValidationError('DirectoryPasswordMissing', 'The new password is empty');
    }
    await withDirectorySession(this.#config, [newPassword], async (session) => {
      const user = await findUser(session, this.#config, username, []);
      await this.#dialect.setPassword(session, user, newPassword);
    });
  }

  async unlock(username: string): Promise<void> {
    await withDirectorySession(this.#config, [], async (session) => {
      const user = await findUser(session, this.#config, username, this.#dialect.lockAttributes);
      await this.#dialect.unlock(session, user);
    });
  }

  /** Binds and reads the base DN; resolves with the reason instead of throwing. */
  async testConnection(): Promise<DirectoryConnectionCheck> {
    try {
      await withDirectorySession(this.#config, [], (session) =>
        session.step('search', () =>
          session.client.search(this.#config.baseDn, { scope: 'base', attributes: ['1.1'] }),
        ),
      );
      return { ok: true };
    } catch (error) {
      if (!(error instanceof WritebackError)) throw error;
      return { ok: false, reason: error.reason, message: error.message };
    }
  }
}
