import { secretFieldNames } from '@resetline/domain';

/** `john.doe@contoso.com` → `j***@contoso.com`; `+31612345678` → `+*********78`. */
export const maskContact = (value: string): string => {
  const at = value.lastIndexOf('@');
  if (at > 0) return `${value[0]}***${value.slice(at)}`;
  const visible = value.length > 4 ? 2 : 0;
  const head = value.startsWith('+') ? '+' : '';
  const hidden = value.length - visible - head.length;
  return `${head}${'*'.repeat(Math.max(hidden, 3))}${value.slice(value.length - visible)}`;
};

/** Fields holding contact data in clear: reports show them masked. */
const contactFieldNames: ReadonlySet<string> = new Set(['target']);

/**
 * A copy of event data fit for the audit log: secret fields (hashes, sealed codes, TOTP secrets,
 * answer hashes) are dropped at any depth, contact fields are masked.
 */
export const redact = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (secretFieldNames.has(key)) continue;
    if (contactFieldNames.has(key) && typeof field === 'string') out[key] = maskContact(field);
    else out[key] = redact(field);
  }
  return out;
};
