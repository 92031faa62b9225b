import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSessionTokens, type SessionClaims } from '../auth/sessionTokens.js';
import { rememberVerifiedSessions } from './verifiedSessions.js';

const claims: SessionClaims = {
  userId: '0190b5c0-0000-7000-8000-000000000001',
  tenantId: 'contoso',
  roles: ['globalAdmin'],
  credentialVersion: 3,
  mustChangePassword: false,
};

/** Real tokens, counting how often the underlying HMAC check runs. */
const countingTokens = (ttlSeconds = 3600) => {
  const tokens = createSessionTokens(randomBytes(32), ttlSeconds);
  const counter = { verifications: 0 };
  return {
    tokens,
    counter,
    verifier: {
      verify: (token: string) => {
        counter.verifications++;
        return tokens.verify(token);
      },
    },
  };
};

describe('remembered session verification', () => {
  it('verifies a token once, then answers the same claims from memory', async () => {
    const { tokens, counter, verifier } = countingTokens();
    const sessions = rememberVerifiedSessions(verifier);
    const token = await tokens.issue(claims);
    expect(await sessions.verify(token)).toEqual(claims);
    expect(await sessions.verify(token)).toEqual(claims);
    expect(counter.verifications).toBe(1);
  });

  it('never remembers a forged token', async () => {
    const { tokens, counter, verifier } = countingTokens();
    const sessions = rememberVerifiedSessions(verifier);
    const token = await tokens.issue(claims);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = `${header}.${payload}.${signature.slice(0, -4)}AAAA`;
    expect(await sessions.verify(forged)).toBeNull();
    expect(await sessions.verify(forged)).toBeNull();
    expect(counter.verifications).toBe(2);
  });

  it('checks a remembered token again once its expiry has passed', async () => {
    const { tokens, counter, verifier } = countingTokens(60);
    let nowMs = Date.now();
    const sessions = rememberVerifiedSessions(verifier, { now: () => nowMs });
    const token = await tokens.issue(claims);
    await sessions.verify(token);
    nowMs += 30_000;
    await sessions.verify(token);
    expect(counter.verifications).toBe(1);
    nowMs += 31_000;
    await sessions.verify(token);
    expect(counter.verifications).toBe(2);
  });

  it('forgets the oldest token when full', async () => {
    const { tokens, counter, verifier } = countingTokens();
    const sessions = rememberVerifiedSessions(verifier, { maxEntries: 2 });
    const [a, b, c] = await Promise.all(
      [1, 2, 3].map((v) => tokens.issue({ ...claims, credentialVersion: v })),
    );
    for (const token of [a!, b!, c!]) await sessions.verify(token);
    expect(counter.verifications).toBe(3);
    await sessions.verify(c!);
    expect(counter.verifications).toBe(3);
    await sessions.verify(a!);
    expect(counter.verifications).toBe(4);
  });
});
