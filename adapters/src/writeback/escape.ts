/** The placeholder a user filter template carries where the escaped username goes. */
export const USERNAME_PLACEHOLDER = '{username}';

/**
 * Escapes a value for an LDAP search filter (RFC 4515 section 3): `*`, `(`, `)`, `\` and NUL
 * become `\2a`, `\28`, `\29`, `\5c`, `\00`. Other characters stay as they are: RFC 4515 allows
 * UTF-8 in values, and ldapts decodes `\XX` escapes byte by byte, which would mangle non-ASCII.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (char) => `\\${hex(char)}`);
}

/**
 * Escapes a value for one attribute of a distinguished name (RFC 4514 section 2.4): the
 * special characters get a backslash, a leading `#` or space and a trailing space too, and NUL
 * becomes `\00`.
 */
export function escapeDnValue(value: string): string {
  const escaped = value.replace(/["+,;<=>\\]/g, (char) => `\\${char}`).replace(/\0/g, '\\00');
  return escaped.replace(/^([ #])/, '\\$1').replace(/ $/, '\\ ');
}

/** Puts the escaped username into every placeholder of a user filter template. */
export function renderUserFilter(template: string, username: string): string {
  return template.split(USERNAME_PLACEHOLDER).join(escapeFilterValue(username));
}

function hex(char: string): string {
  return char.charCodeAt(0).toString(16).padStart(2, '0');
}
