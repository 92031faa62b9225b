import type { AppServices } from '../common/appServices.js';

/** Resolvers of the end-user side (reset flow, change, registration, me). */
export const selfServiceResolvers: ReadonlyArray<new (services: AppServices) => object> = [];
