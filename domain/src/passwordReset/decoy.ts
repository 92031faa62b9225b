import type { CodeHasher } from '../core/index.js';
import { methodKinds, type MethodKind } from '../policy/index.js';
import { maskEmail, maskPhone } from '../registration/masking.js';
import { predefinedSecurityQuestions } from '../securityQuestions/index.js';
import type { ActiveTenant } from '../tenant/tenant.js';
import { normalizeUsername } from '../user/user.js';
import type { OfferedMethod } from './passwordReset.js';

/**
 * What a flow shows for a user who cannot reset (unknown, unregistered...): methods and
 * questions that look registered. Derived from a keyed hash of tenant and username, so every
 * start for the same name shows the same decoy and nobody without the server key can tell.
 */
export type DecoyProfile = Readonly<{
  methods: readonly OfferedMethod[];
  questions: readonly string[];
}>;

const DECOY_PURPOSE = 'resetDecoy';
const emailDomains = [
  'gmail.com',
  'outlook.com',
  'hotmail.com',
  'yahoo.com',
  'icloud.com',
  'proton.me',
  'gmx.net',
];
const countryCodes = ['1', '31', '32', '33', '44', '49'];
const letters = 'abcdefghijklmnopqrstuvwxyz';

/** Orders `items` by a keyed hash of each: a secret, stable shuffle. */
export const keyedShuffle = <T>(items: readonly T[], keyOf: (item: T) => string): T[] =>
  items
    .map((item) => ({ item, key: keyOf(item) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ item }) => item);

const byteAt = (hex: string, index: number): number =>
  parseInt(hex.slice(index * 2, index * 2 + 2), 16);

const decoyTarget = (method: MethodKind, seed: string): string | undefined => {
  switch (method) {
    case 'email':
      return maskEmail(
        `${letters[byteAt(seed, 0) % 26]}x@${emailDomains[byteAt(seed, 1) % emailDomains.length]}`,
      );
    case 'mobilePhone':
    case 'officePhone': {
      const digits = Array.from({ length: 9 }, (_, i) => byteAt(seed, i + 2) % 10).join('');
      return maskPhone(`+${countryCodes[byteAt(seed, 11) % countryCodes.length]}${digits}`);
    }
    case 'authenticator':
      return 'Authenticator app';
    case 'securityQuestions':
      return undefined;
  }
};

export const decoyProfile = (
  codeHasher: CodeHasher,
  tenant: ActiveTenant,
  username: string,
  allowedMethods: readonly MethodKind[],
  gatesRequired: 1 | 2,
): DecoyProfile => {
  const seed = (label: string): string =>
    codeHasher.hash(
      DECOY_PURPOSE,
      `${tenant.tenantId}\u0000${normalizeUsername(username)}\u0000${label}`,
    );
  const count = Math.min(allowedMethods.length, gatesRequired + (byteAt(seed('extra'), 0) % 2));
  const chosen = keyedShuffle(allowedMethods, (m) => seed(`method:${m}`)).slice(0, count);
  const methods = methodKinds
    .filter((kind) => chosen.includes(kind))
    .map((kind): OfferedMethod => {
      const maskedTarget = decoyTarget(kind, seed(`target:${kind}`));
      return { methodId: kind, method: kind, ...(maskedTarget ? { maskedTarget } : {}) };
    });
  const pool = [
    ...predefinedSecurityQuestions.map((q) => q.text),
    ...tenant.ssprPolicy.securityQuestions.customQuestions,
  ];
  const questions = keyedShuffle(pool, (q) => seed(`question:${q}`)).slice(
    0,
    tenant.ssprPolicy.securityQuestions.toRegister,
  );
  return { methods, questions };
};
