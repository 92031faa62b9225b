import { Secret, TOTP } from 'otpauth';
import type { Totp } from '@resetline/domain';

// What authenticator apps (Google, Microsoft, Authy) expect; most ignore other values.
const TOTP_PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** RFC 4226 recommends 160-bit shared secrets for HMAC-SHA1. */
const SECRET_BYTES = 20;
const DRIFT_STEPS = 1;
const CODE = /^\d{6}$/;

/** RFC 6238 codes; secrets travel as base32, the form authenticator apps read. */
export class OtpauthTotp implements Totp {
  generateSecret(): string {
    return new Secret({ size: SECRET_BYTES }).base32;
  }

  uri(secret: string, issuer: string, account: string): string {
    return new TOTP({
      ...TOTP_PARAMETERS,
      issuer,
      label: account,
      secret: Secret.fromBase32(secret),
    }).toString();
  }

  verify(secret: string, code: string, now: Date): boolean {
    return this.verifyStep(secret, code, now) !== null;
  }

  verifyStep(secret: string, code: string, now: Date): number | null {
    if (!CODE.test(code)) return null;
    let key: Secret;
    try {
      key = Secret.fromBase32(secret);
    } catch {
      return null;
    }
    if (key.bytes.byteLength === 0) return null;
    const delta = TOTP.validate({
      ...TOTP_PARAMETERS,
      token: code,
      secret: key,
      timestamp: now.getTime(),
      window: DRIFT_STEPS,
    });
    if (delta === null) return null;
    return TOTP.counter({ period: TOTP_PARAMETERS.period, timestamp: now.getTime() }) + delta;
  }
}
