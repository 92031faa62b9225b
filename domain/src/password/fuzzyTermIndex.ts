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

  /**
   * `terms` must already be normalized. Terms shorter than `minFuzzyTermLength` match only
   * exactly: one edit away from a 4- or 5-letter term is nearly any short word or a word plus a
   * separator, which would make ordinary passphrases fail.
   */
  constructor(
    terms: Iterable<string>,
    private readonly minFuzzyTermLength: number,
  ) {
    let shortest = Infinity;
    let longest = 0;
    for (const term of terms) {
      const chars = [...term];
      if (chars.length === 0 || this.terms.has(term)) continue;
      this.terms.add(term);
      shortest = Math.min(shortest, chars.length);
      longest = Math.max(longest, chars.length);
      if (chars.length < minFuzzyTermLength) continue;
      for (let i = 0; i < chars.length; i += 1) {
        this.deletions.add(without(chars, i));
        this.wildcards.add(wildcardAt(chars, i));
      }
    }
    this.size = this.terms.size;
    this.shortestTerm = this.size === 0 ? 0 : shortest;
    this.longestTerm = longest;
  }

  /**
   * True when `chars` is a term, or a long enough term with one character deleted or replaced,
   * or with one character inserted inside it. Separators are never the edited character.
   */
  matches(chars: readonly string[]): boolean {
    const text = prepareText(chars.join(''));
    return this.matchesSpan(text, 0, text.length);
  }

  /** `matches` for the code points [start, end) of a prepared text, without copying arrays. */
  matchesSpan(text: PreparedText, start: number, end: number): boolean {
    const length = end - start;
    if (this.size === 0 || length < this.shortestTerm - 1 || length > this.longestTerm + 1) {
      return false;
    }
    const { value, offsets, separators } = text;
    const span = value.slice(offsets[start], offsets[end]);
    if (this.terms.has(span)) return true;
    if (length < this.minFuzzyTermLength - 1) return false;
    if (this.deletions.has(span)) return true;
    const insertionPossible = length - 1 >= this.minFuzzyTermLength;
    for (let k = start; k < end; k += 1) {
      // A space or dash between words is a word boundary, not a typo inside a term.
      if (separators[k]) continue;
      const left = value.slice(offsets[start], offsets[k]);
      const right = value.slice(offsets[k + 1], offsets[end]);
      // An extra character at either end is better read as the term plus one more character,
      // which is how Entra scores it ("contosoblank12" is contoso + blank + 1 + 2).
      const interior = k > start && k < end - 1;
      if (insertionPossible && interior && this.terms.has(left + right)) return true;
      if (this.wildcards.has(left + wildcard + right)) return true;
    }
    return false;
  }
}

/** A string with its code point boundaries (UTF-16 offsets) and which code points separate words. */
export type PreparedText = Readonly<{
  value: string;
  /** Code point count. */
  length: number;
  offsets: readonly number[];
  separators: readonly boolean[];
}>;

export function prepareText(value: string): PreparedText {
  const offsets = [0];
  const separators: boolean[] = [];
  let offset = 0;
  for (const char of value) {
    offset += char.length;
    offsets.push(offset);
    separators.push(separator.test(char));
  }
  return { value, length: separators.length, offsets, separators };
}

const separator = /^[\p{Z}\p{Pd}_.,]$/u;

// NUL never occurs in a checked password (controls are refused before), so it is a safe wildcard.
const wildcard = '\u0000';

function without(chars: readonly string[], index: number): string {
  return chars.slice(0, index).join('') + chars.slice(index + 1).join('');
}

function wildcardAt(chars: readonly string[], index: number): string {
  return chars.slice(0, index).join('') + wildcard + chars.slice(index + 1).join('');
}
