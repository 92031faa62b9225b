import type { AppServices } from '../common/appServices.js';
import { InsightsResolver } from './insights.resolver.js';
import { ActivityReportsResolver } from './reports.resolver.js';

/** Report resolvers (see reportRoles for the role matrix), added to the schema. */
export const reportResolvers: ReadonlyArray<new (services: AppServices) => object> = [
  ActivityReportsResolver,
  InsightsResolver,
];
