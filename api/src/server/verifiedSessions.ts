import type { SessionClaims, SessionTokens } from '../auth/sessionTokens.js';

type Verified = Readonly<{ claims: SessionClaims; expiresAtMs: number }>;

const expiryOf = (token: string): number => {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    exp?: unknown;
  };
  return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
};

/**
 * Remembers the claims of tokens already verified, until each token expires: an HMAC check
 * through WebCrypto costs more than the rest of a small authenticated request. Safe because
 * the key is the whole token (a different signature is a different key) and the signing key
 * never changes while the process runs. Only valid tokens are kept; revocation is the
 * authChecker's credential-version check on every request, which this does not touch.
 */
export const rememberVerifiedSessions = (
  sessionTokens: Pick<SessionTokens, 'verify'>,
  options: Readonly<{ maxEntries?: number; now?: () => number }> = {},
): Pick<SessionTokens, 'verify'> => {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const verified = new Map<string, Verified>();

  return {
    verify: async (token) => {
      const known = verified.get(token);
      if (known && now() < known.expiresAtMs) return known.claims;
      if (known) verified.delete(token);
      const claims = await sessionTokens.verify(token);
      if (!claims) return null;
      // Oldest first: Map keeps insertion order.
      if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
      verified.set(token, { claims, expiresAtMs: expiryOf(token) });
      return claims;
    },
  };
};
