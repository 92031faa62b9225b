import { describe, expect, it } from 'vitest';
import { PAGE_HERE, paged, pagedOnly, type ReportQuery } from './reportQuery.js';

const query: ReportQuery<unknown> = {
  sql: `SELECT x FROM t WHERE a ${pagedOnly('AND x IN (SELECT x FROM t LIMIT {pageEnd:UInt64})')} ${PAGE_HERE}`,
  params: { a: 1 },
  toRow: (raw) => raw,
};

describe('paged', () => {
  it('leaves page-only SQL as a comment without a page', () => {
    expect(paged(query, undefined)).toBe(query);
    expect(query.sql).toContain('/* paged: AND x IN');
  });

  it('turns page-only SQL on and binds where the page ends', () => {
    const q = paged(query, { limit: 20, offset: 40 });
    expect(q.sql).toBe(
      'SELECT x FROM t WHERE a AND x IN (SELECT x FROM t LIMIT {pageEnd:UInt64}) ' +
        'LIMIT {pageLimit:UInt32} OFFSET {pageOffset:UInt64}',
    );
    expect(q.params).toEqual({ a: 1, pageLimit: 20, pageOffset: 40, pageEnd: 60 });
  });

  it('clamps the page to MAX_PAGE_SIZE before computing its end', () => {
    expect(paged(query, { limit: 5000 }).params).toMatchObject({ pageLimit: 1000, pageEnd: 1000 });
  });

  it('pages a shortcut that marks its page, and drops one that does not', () => {
    const answers = () => true;
    const withShortcut = (sql: string) => ({ ...query, shortcut: { sql, answers } });
    const kept = paged(withShortcut(`SELECT y ${pagedOnly('AND 1')} ${PAGE_HERE}`), { limit: 5 });
    expect(kept.shortcut).toEqual({
      sql: 'SELECT y AND 1 LIMIT {pageLimit:UInt32} OFFSET {pageOffset:UInt64}',
      answers,
    });
    expect(paged(withShortcut('SELECT y'), { limit: 5 }).shortcut).toBeUndefined();
  });

  it('refuses page-only SQL that would end its comment early', () => {
    expect(() => pagedOnly('AND count(*) > 0')).toThrow(/must not contain/);
  });
});
