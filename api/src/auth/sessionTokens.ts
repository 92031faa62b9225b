import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { roleSchema, type Role } from '@resetline/domain';
import { z } from 'zod';

/** What a session token says about its holder. `cv` is checked against the user's credential version. */
export type SessionClaims = Readonly<{
  userId: string;
  tenantId: string;
  roles: readonly Role[];
  credentialVersion: number;
  mustChangePassword: boolean;
}>;

const claimsSchema = z.object({
  sub: z.string().min(1),
  tid: z.string().min(1),
  roles: z.array(roleSchema),
  cv: z.number().int().positive(),
  mcp: z.boolean().optional(),
});

const ISSUER = 'resetline';
const AUDIENCE = 'resetline-api';

/** HS256 session tokens (jose). Revocation is by credential version, checked per request. */
export const createSessionTokens = (key: Uint8Array, ttlSeconds = 3600) => ({
  issue: (claims: SessionClaims): Promise<string> =>
    new SignJWT({
      tid: claims.tenantId,
      roles: [...claims.roles],
      cv: claims.credentialVersion,
      mcp: claims.mustChangePassword,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(key),

  /** The claims of a valid token, or null for a missing, forged, expired or malformed one. */
  verify: async (token: string): Promise<SessionClaims | null> => {
    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const c = claimsSchema.parse(payload);
      return {
        userId: c.sub,
        tenantId: c.tid,
        roles: c.roles,
        credentialVersion: c.cv,
        mustChangePassword: c.mcp ?? false,
      };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof z.ZodError) return null;
      throw error;
    }
  },
});
export type SessionTokens = ReturnType<typeof createSessionTokens>;
