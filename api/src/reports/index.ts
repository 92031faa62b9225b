import type { AppServices } from '../common/appServices.js';

/** Report resolvers (reportsReader / auditReader / globalAdmin), added to the schema. */
export const reportResolvers: ReadonlyArray<new (services: AppServices) => object> = [];
