import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { OtpauthTotp } from './otpauthTotp.js';

const totp = new OtpauthTotp();
const now = new Date('2025-06-01T12:00:10Z');
const STEP_MS = 30_000;

function codeAt(secret: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });
}

function shifted(steps: number): Date {
  return new Date(now.getTime() + steps * STEP_MS);
}

describe('OtpauthTotp', () => {
  it('generates distinct 160-bit base32 secrets', () => {
    const secret = totp.generateSecret();

    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(secret).bytes).toHaveLength(20);
    expect(totp.generateSecret()).not.toBe(secret);
  });

  it('builds the otpauth:// URI authenticator apps scan', () => {
    const secret = totp.generateSecret();
    const uri = new URL(totp.uri(secret, 'Contoso', 'ada@contoso.com'));

    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Contoso:ada@contoso.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret,
      issuer: 'Contoso',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it('accepts the code of the current step and of one step of drift either side', () => {
    const secret = totp.generateSecret();

    for (const steps of [-1, 0, 1]) {
      expect(totp.verify(secret, codeAt(secret, shifted(steps)), now)).toBe(true);
    }
  });

  it('refuses codes two steps away', () => {
    const secret = totp.generateSecret();

    for (const steps of [-2, 2]) {
      const code = codeAt(secret, shifted(steps));
      // A far code can collide with a near one (1 in 10^6 per step); then the check proves nothing.
      const near = [-1, 0, 1].map((s) => codeAt(secret, shifted(s)));
      if (!near.includes(code)) expect(totp.verify(secret, code, now)).toBe(false);
    }
  });

  it("refuses another secret's code and malformed codes", () => {
    const secret = totp.generateSecret();
    const code = codeAt(secret, now);

    expect(totp.verify(totp.generateSecret(), code, now)).toBe(false);
    for (const malformed of ['', '12345', '1234567', `${code.slice(0, 5)}a`, ` ${code}`]) {
      expect(totp.verify(secret, malformed, now)).toBe(false);
    }
  });

  it('answers false for a malformed secret instead of throwing', () => {
    expect(totp.verify('not base32 at all!', '123456', now)).toBe(false);
    expect(totp.verify('', '123456', now)).toBe(false);
  });

  it('names the time step a code belongs to, so a caller can accept each step once', () => {
    const secret = totp.generateSecret();
    const currentStep = Math.floor(now.getTime() / STEP_MS);

    for (const steps of [-1, 0, 1]) {
      expect(totp.verifyStep(secret, codeAt(secret, shifted(steps)), now)).toBe(
        currentStep + steps,
      );
    }
    expect(totp.verifyStep(totp.generateSecret(), codeAt(secret, now), now)).toBeNull();
    expect(totp.verifyStep(secret, '12345', now)).toBeNull();
    expect(totp.verifyStep('', '123456', now)).toBeNull();
  });

  it('matches the RFC 6238 SHA-1 test vector', () => {
    const rfcSecret = new Secret({
      buffer: new TextEncoder().encode('12345678901234567890').buffer,
    }).base32;

    // RFC 6238 appendix B gives 94287082 (8 digits) at T=59 s; authenticator apps use the last 6.
    expect(totp.verify(rfcSecret, '287082', new Date(59_000))).toBe(true);
    expect(totp.verifyStep(rfcSecret, '287082', new Date(59_000))).toBe(1);
  });
});
