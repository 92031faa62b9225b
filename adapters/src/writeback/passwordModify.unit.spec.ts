import { describe, expect, it } from 'vitest';
import { BerReader } from 'ldapts';
import { encodePasswordModifyRequest } from './passwordModify.js';

describe('encodePasswordModifyRequest (RFC 3062)', () => {
  it('encodes userIdentity [0] and newPasswd [2] in a sequence', () => {
    const value = encodePasswordModifyRequest({ userIdentity: 'uid=a', newPassword: 'pw' });
    expect([...value]).toEqual([
      0x30,
      0x0b,
      0x80,
      0x05,
      ...Buffer.from('uid=a'),
      0x82,
      0x02,
      ...Buffer.from('pw'),
    ]);
  });

  it('puts oldPasswd [1] between them when given, UTF-8 encoded', () => {
    const value = encodePasswordModifyRequest({
      userIdentity: 'uid=jürgen,dc=example',
      oldPassword: 'alt',
      newPassword: 'neu-pässwort',
    });
    const reader = new BerReader(value);
    expect(reader.readSequence()).toBe(0x30);
    expect(reader.readString(0x80)).toBe('uid=jürgen,dc=example');
    expect(reader.readString(0x81)).toBe('alt');
    expect(reader.readString(0x82)).toBe('neu-pässwort');
    expect(reader.remain).toBe(0);
  });

  it('uses long-form lengths for long passwords', () => {
    const newPassword = 'x'.repeat(200);
    const reader = new BerReader(
      encodePasswordModifyRequest({ userIdentity: 'uid=a', newPassword }),
    );
    reader.readSequence();
    reader.readString(0x80);
    expect(reader.readString(0x82)).toBe(newPassword);
  });
});
