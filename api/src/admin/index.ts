import { AdminResetResolver } from '../adminReset/adminReset.resolver.js';
import type { AppServices } from '../common/appServices.js';
import { HistoryResolver } from '../history/history.resolver.js';
import { PolicyResolver } from '../policy/policy.resolver.js';
import { TenantResolver } from '../tenant/tenant.resolver.js';
import { ImportUsersResolver } from '../users/import/importUsers.resolver.js';
import { SecurityInfoAdminResolver } from '../users/securityInfo.resolver.js';
import { UsersResolver } from '../users/users.resolver.js';
import { writebackResolvers } from '../writeback/index.js';

/** Resolvers of the admin side (users, tenant, policies, admin reset, history). */
export const adminResolvers: ReadonlyArray<new (services: AppServices) => object> = [
  UsersResolver,
  ImportUsersResolver,
  SecurityInfoAdminResolver,
  TenantResolver,
  PolicyResolver,
  AdminResetResolver,
  HistoryResolver,
  ...writebackResolvers,
];
