import type { Random } from '@resetline/domain';

/**
 * A one-time sign-in secret: 144 random bits as 24 base64url characters in groups of six, so it
 * can be read out and typed. Drawn again in the rare case it lacks a lowercase letter, an
 * uppercase letter or a digit, so even a tenant with Entra's "3 of 4 classes" rule accepts it.
 */
export const temporaryPassword = (random: Random): string => {
  for (;;) {
    const token = random.token(18).slice(0, 24);
    if (/[a-z]/.test(token) && /[A-Z]/.test(token) && /\d/.test(token)) {
      return token.match(/.{6}/g)!.join('-');
    }
  }
};
