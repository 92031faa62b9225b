import type { SessionClaims } from '../auth/sessionTokens.js';
import type { RateLimits } from '../rateLimit/rateLimits.js';

/** Per-request context handed to every resolver. */
export type RequestContext = Readonly<{
  ip: string;
  userAgent: string | undefined;
  correlationId: string;
  /** The verified session, or null for anonymous calls. Revocation is checked by the authChecker. */
  session: SessionClaims | null;
  rateLimits: RateLimits;
}>;
