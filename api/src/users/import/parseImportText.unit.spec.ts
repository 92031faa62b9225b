import { describe, expect, it } from 'vitest';
import { parseCsvRecords, parseImportText } from './parseImportText.js';

describe('parseCsvRecords', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF line ends', () => {
    expect(parseCsvRecords('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', 'z'],
    ]);
  });

  it('skips blank lines and keeps a last line without a line end', () => {
    expect(parseCsvRecords('a\n\nb')).toEqual([['a'], ['b']]);
  });
});

describe('parseImportText', () => {
  it('maps CSV columns to fields, splits lists on ; and numbers rows from 1 after the header', () => {
    expect(
      parseImportText('csv', '\uFEFFusername,roles,groups\nann,user;passwordAdmin, a ; b '),
    ).toEqual([
      { row: 1, fields: { username: 'ann', roles: ['user', 'passwordAdmin'], groups: ['a', 'b'] } },
    ]);
  });

  it('flags extra CSV values instead of dropping them', () => {
    expect(parseImportText('csv', 'username\nann,surprise')[0]!.fields).toEqual({
      username: 'ann',
      '(extra columns)': 1,
    });
  });

  it('refuses more than 10,000 rows', () => {
    const data = JSON.stringify(Array.from({ length: 10_001 }, () => ({})));
    expect(() => parseImportText('json', data)).toThrow(/at most 10000/);
  });
});
