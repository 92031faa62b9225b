import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../common/appServices.js';
import { AuthChecker } from '../common/authChecker.js';
import type { RateLimits } from '../rateLimit/rateLimits.js';
import { exportReport } from './exportReport.js';

export type ExportDeps = Readonly<{ services: AppServices; rateLimits: RateLimits }>;

/** `GET /export/<report>.csv`: report rows streamed as CSV, same auth as the GraphQL reports. */
export const registerExportRoutes = async (
  app: FastifyInstance,
  deps: ExportDeps,
): Promise<void> => {
  const checker = new AuthChecker(deps.services);
  app.get<{ Params: { file: string }; Querystring: Record<string, string> }>(
    '/export/:file',
    (request, reply) => exportReport(deps, checker, request, reply),
  );
};
