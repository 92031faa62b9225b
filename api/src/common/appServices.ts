import type { ServiceDeps } from '@resetline/domain';
import type { SessionTokens } from '../auth/sessionTokens.js';

/** Everything resolvers delegate to, built once by the composition root. */
export type AppServices = Readonly<{
  deps: ServiceDeps;
  sessionTokens: SessionTokens;
}>;
