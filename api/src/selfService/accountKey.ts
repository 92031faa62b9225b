/** The per-account rate-limit key: the same for every anonymous call naming the account. */
export const accountKey = (tenantId: string, username: string): string =>
  `${tenantId}:${username.trim().toLowerCase()}`;
