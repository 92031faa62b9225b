import type { ServiceDeps } from '@resetline/domain';
import type { ClickHouse } from '@resetline/projections';
import type { SessionTokens } from '../auth/sessionTokens.js';

/** Everything resolvers delegate to, built once by the composition root. */
export type AppServices = Readonly<{
  deps: ServiceDeps;
  sessionTokens: SessionTokens;
  /** The read side's client for report queries, when this process runs the read side. */
  clickhouse?: ClickHouse | undefined;
}>;
