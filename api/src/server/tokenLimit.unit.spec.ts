import { describe, expect, it } from 'vitest';
import { exceedsTokenLimit } from './tokenLimit.js';

const fields = (n: number): string => `{ ${Array.from({ length: n }, () => 'a').join(' ')} }`;

describe('exceedsTokenLimit', () => {
  it('counts tokens, not characters', () => {
    expect(exceedsTokenLimit(fields(8), 10)).toBe(false); // 10 tokens, 19 characters
    expect(exceedsTokenLimit(fields(9), 10)).toBe(true); // 11 tokens
  });

  it('lets a query through that is no longer than the limit in characters', () => {
    expect(exceedsTokenLimit('{a}', 3)).toBe(false);
    expect(exceedsTokenLimit('{a b}', 3)).toBe(true);
  });

  it('leaves a query that does not lex to the parser', () => {
    expect(exceedsTokenLimit(`{ "unterminated ${'a '.repeat(20)}`, 5)).toBe(false);
  });
});
