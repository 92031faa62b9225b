import { describe, expect, it } from 'vitest';
import {
  buildBannedTermIndex,
  containsBannedSubstring,
  evaluateBannedPassword,
  globalBannedPasswords,
  globalBannedTermIndex,
  normalizeForBannedCheck,
  type BannedPasswordLists,
} from './bannedPasswords.js';

function lists(
  global: string[],
  custom: string[] = [],
  exact: BannedPasswordLists['exact'] = [],
): BannedPasswordLists {
  return {
    fuzzy: [
      { source: 'global', index: buildBannedTermIndex(global) },
      { source: 'custom', index: buildBannedTermIndex(custom) },
    ],
    exact,
  };
}

// Golden examples, copied from Microsoft Entra's "Eliminate bad passwords using Microsoft Entra
// Password Protection", section "How are passwords evaluated".
describe("Entra's documented examples", () => {
  it('normalization: "Bl@nK" becomes "blank" and is rejected when "blank" is banned', () => {
    expect(normalizeForBannedCheck('Bl@nK')).toBe('blank');
    expect(evaluateBannedPassword('Bl@nK', lists(['blank']))).toMatchObject({
      score: 1,
      accepted: false,
      termsFound: ['global'],
    });
  });

  it.each([
    ['abcdeg', 'last character changed from f to g'],
    ['abcdefg', 'g appended to end'],
    ['abcde', 'trailing f was deleted from end'],
  ])('fuzzy matching: "%s" (%s) matches the banned "abcdef"', (password) => {
    const evaluation = evaluateBannedPassword(password, lists(['abcdef']));
    expect(evaluation.termsFound).toEqual(['global']);
    expect(evaluation.accepted).toBe(false);
  });

  it('substring matching: user "Poll" cannot use "p0LL23fb"', () => {
    expect(normalizeForBannedCheck('p0LL23fb')).toBe('poll23fb');
    expect(containsBannedSubstring('p0LL23fb', 'Poll')).toBe(true);
  });

  describe('given "contoso" on the custom list and "blank" on the global list', () => {
    const contoso = lists(['blank'], ['contoso']);

    it('"C0ntos0Blank12" scores [contoso] + [blank] + [1] + [2] = 4 points and is rejected', () => {
      expect(normalizeForBannedCheck('C0ntos0Blank12')).toBe('contosoblankl2');
      expect(evaluateBannedPassword('C0ntos0Blank12', contoso)).toEqual({
        score: 4,
        accepted: false,
        termsFound: ['custom', 'global'],
      });
    });

    it('"ContoS0Bl@nkf9!" scores [contoso] + [blank] + [f] + [9] + [!] = 5 points and is accepted', () => {
      expect(normalizeForBannedCheck('ContoS0Bl@nkf9!')).toBe('contosoblankf9!');
      expect(evaluateBannedPassword('ContoS0Bl@nkf9!', contoso)).toEqual({
        score: 5,
        accepted: true,
        termsFound: ['custom', 'global'],
      });
    });
  });
});

describe('fuzzy matching at edit distance 1', () => {
  const index = buildBannedTermIndex(['widget']);

  it.each(['widget', 'wodget', 'widgt', 'widxget', 'widgit'])(
    'when the text is "%s", then it matches "widget"',
    (text) => {
      expect(index.matches([...text])).toBe(true);
    },
  );
  it.each(['wodgat', 'wigdet', 'wdgt', 'wi--dget', 'wid-get'])(
    'when the text is "%s" (two edits away, or split by a separator), then it does not match',
    (text) => {
      expect(index.matches([...text])).toBe(false);
    },
  );
  it('when an extra character sits at either end, then it is scored as its own point', () => {
    // "xwidget" contains "widget" exactly: the x is one more point, not part of the term.
    expect(evaluateBannedPassword('xwidgety', lists(['widget'])).score).toBe(3);
  });
  it('when a term is matched inside a longer password, then each other character is a point', () => {
    expect(evaluateBannedPassword('my-widg3t-rocks', lists(['widget']))).toMatchObject({
      score: 10,
      accepted: true,
    });
  });
  it('when a custom term is written with substitutions, then it matches the plain spelling', () => {
    expect(evaluateBannedPassword('london', lists([], ['L0nd0n'])).termsFound).toEqual(['custom']);
  });
  it('when terms are astral characters, then edits count code points', () => {
    const emoji = buildBannedTermIndex(['🐶🐱🐭🐹🐰🦊']);
    expect(emoji.matches([...'🐶🐱🐭🐹🐰🐻'])).toBe(true);
    expect(emoji.matches([...'🐶🐱🐭🐹🐰'])).toBe(true);
    expect(emoji.matches([...'🐶🐱🐭🐻🐻🦊'])).toBe(false);
  });
  it('when a term has 4 or 5 characters, then it matches only exactly', () => {
    const short = buildBannedTermIndex(['moon', 'river']);
    expect(short.matches([...'moon'])).toBe(true);
    expect(short.matches([...'m0on'.replace('0', 'o')])).toBe(true);
    expect(short.matches([...'moan'])).toBe(false);
    expect(short.matches([...'rivers'])).toBe(false);
    expect(short.matches([...'rive'])).toBe(false);
  });
  it('when words are joined by separators, then each word scores on its own', () => {
    expect(evaluateBannedPassword('violet-ann-river', lists(['violeta', 'driver']))).toMatchObject({
      // [violet] + [-ann-] + [river]: the dashes are never the edit that completes a term.
      score: 7,
      termsFound: ['global', 'global'],
    });
  });
  it('when a term is shorter than 4 characters, then it is ignored', () => {
    expect(buildBannedTermIndex(['abc', 'ab']).size).toBe(0);
    expect(evaluateBannedPassword('abcabcab', lists(['abc'])).score).toBe(8);
  });
  it('when several readings exist, then the lowest score counts', () => {
    // "sunshine" alone (1) beats "sun" + "shine" as separate characters.
    expect(evaluateBannedPassword('sunshine1', lists(['shine', 'sunshine'])).score).toBe(2);
  });
});

describe('substring matching of names', () => {
  it('when the tenant name appears, then it counts as one banned term', () => {
    const evaluation = evaluateBannedPassword(
      'fabrikam!2024',
      lists([], [], [{ source: 'tenantName', term: 'Fabrikam' }]),
    );
    expect(evaluation).toMatchObject({ score: 6, termsFound: ['tenantName'] });
  });
  it('when a name is shorter than 4 characters, then it is not matched', () => {
    expect(containsBannedSubstring('jo-jo-jo-jo', 'Jo')).toBe(false);
    expect(containsBannedSubstring('annabelle', 'Ann')).toBe(false);
  });
  it('when the name is written with substitutions and capitals, then it is matched', () => {
    expect(containsBannedSubstring('xx-BERN@RD-xx', 'Bernard')).toBe(true);
  });
  it('when the name is one edit away, then it is not matched (names are not fuzzy)', () => {
    expect(containsBannedSubstring('xx-b3rnard-xx', 'Bernard')).toBe(false);
    expect(containsBannedSubstring('xx-bernard-xx', 'Bernd')).toBe(false);
  });
  it('when no name is given, then nothing matches', () => {
    expect(containsBannedSubstring('anything', undefined)).toBe(false);
  });
});

describe('the shipped global list', () => {
  it('holds the 10,000 most common passwords, most frequent first', () => {
    const list = globalBannedPasswords();
    expect(list).toHaveLength(10_000);
    expect(new Set(list).size).toBe(10_000);
    expect(list.slice(0, 4)).toEqual(['123456', 'password', '12345678', 'qwerty']);
  });
  it('indexes the terms of 4 to 16 characters after normalization', () => {
    const index = globalBannedTermIndex();
    expect(index.size).toBeGreaterThan(9_500);
    expect(index.shortestTerm).toBe(4);
    expect(index.longestTerm).toBeLessThanOrEqual(16);
    expect(globalBannedTermIndex()).toBe(index);
  });
  it.each(['P@ssw0rd', 'qwerty123', 'Dragon', 'iloveyou', 'letmein!', '1qaz2wsx'])(
    'when the password is "%s", then it is rejected',
    (password) => {
      const evaluation = evaluateBannedPassword(password, {
        fuzzy: [{ source: 'global', index: globalBannedTermIndex() }],
        exact: [],
      });
      expect(evaluation.accepted).toBe(false);
      expect(evaluation.termsFound).toContain('global');
    },
  );
  it.each(['correct horse battery staple', 'Xq9#vLm2tR', 'zebra-kettle-8-moon'])(
    'when the password is "%s", then it is accepted',
    (password) => {
      const evaluation = evaluateBannedPassword(password, {
        fuzzy: [{ source: 'global', index: globalBannedTermIndex() }],
        exact: [],
      });
      expect(evaluation.accepted).toBe(true);
    },
  );
});
