import { Lexer, Source, TokenKind } from 'graphql';

export const MAX_TOKENS = 2000;

/**
 * Counts a query's tokens up to the limit, without parsing it, so an over-long query is refused
 * before any parser work. (graphql-armor has the same limit, but its Apollo plugin throws from a
 * hook, which Apollo answers as HTTP 500.) A lexing error is left for the parser to report.
 */
export const exceedsTokenLimit = (query: string, limit = MAX_TOKENS): boolean => {
  // Every token is at least one character: a query this short cannot exceed the limit.
  if (query.length <= limit) return false;
  const lexer = new Lexer(new Source(query));
  try {
    for (let count = 0; lexer.advance().kind !== TokenKind.EOF; ) {
      if (++count > limit) return true;
    }
  } catch {
    return false;
  }
  return false;
};
