import { describe, expect, it } from 'vitest';
import { FilterParser } from 'ldapts';
import { escapeDnValue, escapeFilterValue, renderUserFilter } from './escape.js';

describe('escapeFilterValue (RFC 4515)', () => {
  it.each([
    ['*', '\\2a'],
    ['(', '\\28'],
    [')', '\\29'],
    ['\\', '\\5c'],
    ['\0', '\\00'],
    ['a*)(uid=*', 'a\\2a\\29\\28uid=\\2a'],
  ])('escapes %j as %j', (value, escaped) => {
    expect(escapeFilterValue(value)).toBe(escaped);
  });

  it('leaves letters, digits, punctuation and non-ASCII as they are', () => {
    expect(escapeFilterValue("o'neil.smith-2@contoso.com")).toBe("o'neil.smith-2@contoso.com");
    expect(escapeFilterValue('jürgen')).toBe('jürgen');
  });

  it('yields an equality filter whose value is the raw input, never a wildcard', () => {
    for (const username of ['*', 'al*', '*)(objectClass=*', 'a\\b', 'alice\0', 'x)(|(uid=*']) {
      const filter = FilterParser.parseString(renderUserFilter('(uid={username})', username));
      expect(filter.constructor.name).toBe('EqualityFilter');
      expect((filter as unknown as { value: string }).value).toBe(username);
    }
  });
});

describe('renderUserFilter', () => {
  it('fills every placeholder with the escaped username', () => {
    expect(renderUserFilter('(|(uid={username})(mail={username}))', 'a*')).toBe(
      '(|(uid=a\\2a)(mail=a\\2a))',
    );
  });
});

describe('escapeDnValue (RFC 4514)', () => {
  it.each([
    ['Smith, John', 'Smith\\, John'],
    ['a+b', 'a\\+b'],
    ['say "hi"', 'say \\"hi\\"'],
    ['a;b<c>d=e\\f', 'a\\;b\\<c\\>d\\=e\\\\f'],
    ['#admin', '\\#admin'],
    [' padded ', '\\ padded\\ '],
    ['nul\0byte', 'nul\\00byte'],
    ['plain', 'plain'],
  ])('escapes %j as %j', (value, escaped) => {
    expect(escapeDnValue(value)).toBe(escaped);
  });

  it('keeps a # inside the value unescaped', () => {
    expect(escapeDnValue('a#b')).toBe('a#b');
  });
});
