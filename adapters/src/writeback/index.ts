export { encodeUnicodePwd } from './activeDirectory.js';
export {
  ldapWritebackConfigSchema,
  parseLdapWritebackConfig,
  type DirectoryKind,
  type LdapWritebackConfig,
  type LdapWritebackConfigInput,
} from './config.js';
export { WritebackError, type WritebackFailureReason } from './errors.js';
export { escapeDnValue, escapeFilterValue, renderUserFilter } from './escape.js';
export { LdapDirectoryWriteback } from './ldapDirectoryWriteback.js';
export { encodePasswordModifyRequest, PASSWORD_MODIFY_OID } from './passwordModify.js';
export {
  TenantDirectoryWriteback,
  type TenantDirectoryConfigs,
} from './tenantDirectoryWriteback.js';
