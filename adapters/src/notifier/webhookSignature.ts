import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Resetline-Signature';
export const TIMESTAMP_HEADER = 'X-Resetline-Timestamp';

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`, the contract in docs/sms-webhook.md. */
export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: recompute the signature, compare in constant time, and refuse
 * timestamps more than `toleranceSeconds` away from now (replays).
 */
export function verifyWebhookSignature(input: {
  secret: string;
  timestamp: string;
  body: string;
  signature: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  const sentAt = Number(input.timestamp);
  const tolerance = input.toleranceSeconds ?? 300;
  if (!/^\d+$/.test(input.timestamp) || Math.abs(input.nowSeconds - sentAt) > tolerance) {
    return false;
  }
  const expected = Buffer.from(signWebhookBody(input.secret, input.timestamp, input.body));
  const given = Buffer.from(input.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
