import { z } from 'zod';

/** Licence tiers: free covers cloud admins, basic cloud users too, premium synced/federated and writeback. */
export const tiers = ['free', 'basic', 'premium'] as const;
export type Tier = (typeof tiers)[number];
export const tierSchema = z.enum(tiers);

export const userSources = ['cloud', 'synced', 'federated'] as const;
export type UserSource = (typeof userSources)[number];
export const userSourceSchema = z.enum(userSources);

export const roles = ['globalAdmin', 'passwordAdmin', 'reportsReader', 'auditReader', 'user'] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

/** Any administrative role: Entra's admin reset policy (two gates, no questions) applies. */
export const adminRoles: readonly Role[] = ['globalAdmin', 'passwordAdmin', 'reportsReader', 'auditReader'];
export const isAdmin = (userRoles: readonly Role[]): boolean =>
  userRoles.some((r) => adminRoles.includes(r));

/** Roles a helpdesk (passwordAdmin) may not reset: only a globalAdmin resets these. */
export const privilegedRoles: readonly Role[] = ['globalAdmin', 'passwordAdmin'];
export const isPrivileged = (userRoles: readonly Role[]): boolean =>
  userRoles.some((r) => privilegedRoles.includes(r));
