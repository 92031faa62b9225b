import type { AppServices } from '../common/appServices.js';

/** Resolvers of the admin side (users, tenant, policies, admin reset, history). */
export const adminResolvers: ReadonlyArray<new (services: AppServices) => object> = [];
