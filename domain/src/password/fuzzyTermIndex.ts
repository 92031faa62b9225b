/**
 * Answers "is this string within edit distance 1 of any term?" with set look-ups only: the
 * terms themselves, every term with one character deleted, and every term with one character
 * replaced by a wildcard. Strings are handled as arrays of code points, so an astral character
 * is one character. Built once per term list; a query costs O(length) look-ups.
 */
export class FuzzyTermIndex {
  readonly size: number;
  readonly shortestTerm: number;
  readonly longestTerm: number;
  private readonly terms = new Set<string>();
  private readonly deletions = new Set<string>();
  private readonly wildcards = new Set<string>();

  /** `terms` must already be normalized; a match never covers fewer than `minMatchLength`. */
  constructor(
    terms: Iterable<string>,
    private readonly minMatchLength: number,
  ) {
    let shortest = Infinity;
    let longest = 0;
    for (const term of terms) {
      const chars = [...term];
      if (chars.length === 0 || this.terms.has(term)) continue;
      this.terms.add(term);
      shortest = Math.min(shortest, chars.length);
      longest = Math.max(longest, chars.length);
      for (let i = 0; i < chars.length; i += 1) {
        if (chars.length - 1 >= minMatchLength) this.deletions.add(without(chars, i));
        this.wildcards.add(wildcardAt(chars, i));
      }
    }
    this.size = this.terms.size;
    this.shortestTerm = this.size === 0 ? 0 : shortest;
    this.longestTerm = longest;
  }

  /**
   * True when `chars` is a term, or a term with one character deleted or replaced, or with one
   * character inserted inside it.
   */
  matches(chars: readonly string[]): boolean {
    const length = chars.length;
    if (this.size === 0 || length < this.minMatchLength) return false;
    if (length < this.shortestTerm - 1 || length > this.longestTerm + 1) return false;
    if (this.terms.has(chars.join(''))) return true;
    if (this.deletions.has(chars.join(''))) return true;
    for (let i = 0; i < length; i += 1) {
      // An extra character at either end is better read as the term plus one more character,
      // which is how Entra scores it ("contosoblank12" is contoso + blank + 1 + 2).
      const interior = i > 0 && i < length - 1;
      if (interior && this.terms.has(without(chars, i))) return true;
      if (this.wildcards.has(wildcardAt(chars, i))) return true;
    }
    return false;
  }
}

// NUL never occurs in a checked password (controls are refused before), so it is a safe wildcard.
const wildcard = '\u0000';

function without(chars: readonly string[], index: number): string {
  return chars.slice(0, index).join('') + chars.slice(index + 1).join('');
}

function wildcardAt(chars: readonly string[], index: number): string {
  return chars.slice(0, index).join('') + wildcard + chars.slice(index + 1).join('');
}
