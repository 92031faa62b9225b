import { maskEmail, maskPhone, secretFieldNames } from '@resetline/domain';

/** Contact data in clear: replaced by its masked form when the event does not carry one. */
const contactFields = new Set(['target', 'to', 'address', 'phoneNumber', 'email']);

const maskContact = (value: unknown): string =>
  typeof value === 'string' && value.startsWith('+')
    ? maskPhone(value)
    : typeof value === 'string' && value.includes('@')
      ? maskEmail(value)
      : '***';

/**
 * Event data as an administrator may read it: secrets at rest (hashes, sealed codes, TOTP
 * secrets, remembered bad-password keys) dropped at any depth, contact targets masked.
 */
export const redactEventData = (data: unknown): unknown => {
  if (Array.isArray(data)) return data.map(redactEventData);
  if (typeof data !== 'object' || data === null) return data;
  const record = data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (secretFieldNames.has(key)) continue;
    if (contactFields.has(key)) {
      if (!('maskedTarget' in record)) out['maskedTarget'] = maskContact(value);
      continue;
    }
    out[key] = redactEventData(value);
  }
  return out;
};
