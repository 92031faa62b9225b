import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { ForbiddenError, ResetlineError, type ErrorCode, type Role } from '@resetline/domain';
import { streamReport } from '@resetline/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResolverData } from 'type-graphql';
import type { AuthChecker } from '../common/authChecker.js';
import type { RequestContext } from '../server/context.js';
import { readSideOf, reportCatalog } from '../reports/reportCatalog.js';
import { toCsv } from './csv.js';
import { exportColumns } from './exportColumns.js';
import { parseExportQuery } from './exportRequest.js';
import type { ExportDeps } from './index.js';

type ExportRequest = FastifyRequest<{
  Params: { file: string };
  Querystring: Record<string, string>;
}>;

const httpStatus: Readonly<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  CONFLICT: 409,
  NOT_FOUND: 404,
};

const bearer = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
};

// A CSV export is a read: the checker treats it as a GraphQL query (one load of the caller).
const asQuery = { operation: { operation: 'query' } };

/** The same context and checks as a GraphQL query: live session, credential version, role. */
const authorize = async (
  deps: ExportDeps,
  checker: AuthChecker,
  request: FastifyRequest,
  roles: readonly Role[],
) => {
  const token = bearer(request);
  const context: RequestContext = {
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    correlationId: randomUUID(),
    session: token ? await deps.services.sessionTokens.verify(token) : null,
    rateLimits: deps.rateLimits,
  };
  const data = { context, info: asQuery } as unknown as ResolverData<RequestContext>;
  if (!(await checker.check(data, [...roles]))) {
    throw new ForbiddenError('RoleRequired', 'Your role does not allow this report');
  }
  return context.session!;
};

/**
 * Streams one report as CSV. Everything that can fail with a clear status (auth, arguments,
 * the query itself) is settled before the first byte, so a refusal is never a truncated file.
 */
export const exportReport = async (
  deps: ExportDeps,
  checker: AuthChecker,
  request: ExportRequest,
  reply: FastifyReply,
): Promise<FastifyReply> => {
  const name = request.params.file.replace(/\.csv$/, '');
  const report = request.params.file.endsWith('.csv') ? reportCatalog[name] : undefined;
  const columns = exportColumns[name];
  if (!report || !columns) {
    return reply
      .code(404)
      .send({ code: 'NOT_FOUND', message: `No report named ${request.params.file}` });
  }
  try {
    const session = await authorize(deps, checker, request, report.roles);
    const query = await report.query(
      deps.services,
      session.tenantId,
      parseExportQuery(request.query),
    );
    const rows = streamReport(readSideOf(deps.services), query);
    const first = await rows.next();
    async function* all() {
      if (!first.done) yield first.value;
      yield* rows;
    }
    const day = deps.services.deps.clock.now().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}-${day}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(toCsv(columns, all())));
  } catch (error) {
    if (!(error instanceof ResetlineError)) {
      request.log.error({ err: error, reqId: request.id, report: name }, 'CSV export failed');
      return reply
        .code(500)
        .send({ code: 'INTERNAL_SERVER_ERROR', message: 'The export failed. It has been logged.' });
    }
    return reply
      .code(httpStatus[error.code])
      .send({ code: error.code, reason: error.reason, message: error.message });
  }
};
