import { describe, expect, it } from 'vitest';
import { encodeUnicodePwd } from './activeDirectory.js';
import { LdapDirectoryWriteback } from './ldapDirectoryWriteback.js';

describe('encodeUnicodePwd', () => {
  it('quotes the password and encodes it as UTF-16LE', () => {
    expect([...encodeUnicodePwd('ab1')]).toEqual([
      0x22, 0x00, 0x61, 0x00, 0x62, 0x00, 0x31, 0x00, 0x22, 0x00,
    ]);
  });

  it('keeps characters outside the BMP as little-endian surrogate pairs', () => {
    // U+1F511 (key) is D83D DD11 in UTF-16.
    expect([...encodeUnicodePwd('\u{1F511}')]).toEqual([
      0x22, 0x00, 0x3d, 0xd8, 0x11, 0xdd, 0x22, 0x00,
    ]);
  });

  it('round-trips any password between the quotes', () => {
    const password = 'Pä$$ "quoted" wörd';
    expect(encodeUnicodePwd(password).toString('utf16le')).toBe(`"${password}"`);
  });
});

describe('an Active Directory configuration', () => {
  const config = {
    kind: 'activeDirectory' as const,
    bindDn: 'CN=svc-resetline,OU=Service,DC=contoso,DC=com',
    bindPassword: 'service-secret',
    baseDn: 'DC=contoso,DC=com',
  };

  it('is refused over ldap://, naming LDAPS', () => {
    expect(() => new LdapDirectoryWriteback({ ...config, url: 'ldap://dc1.contoso.com' })).toThrow(
      /url: Active Directory only accepts password changes over LDAPS/,
    );
  });

  it('is accepted over ldaps://', () => {
    expect(
      () => new LdapDirectoryWriteback({ ...config, url: 'ldaps://dc1.contoso.com:636' }),
    ).not.toThrow();
  });
});
