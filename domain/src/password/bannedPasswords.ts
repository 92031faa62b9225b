import { FuzzyTermIndex, prepareText, type PreparedText } from './fuzzyTermIndex.js';
import { globalBannedPasswordsText } from './globalBannedPasswords.data.js';

/**
 * Microsoft Entra Password Protection's evaluation ("How are passwords evaluated"):
 * 1. normalize: lowercase, then 0→o, 1→l, $→s, @→a;
 * 2. find banned terms (global and custom lists) at edit distance 1, and the user's first and
 *    last name and the tenant name as plain substrings (only terms of 4+ characters);
 * 3. score 1 point per banned term found and 1 per remaining character; accept at 5 or more.
 *
 * Where a password can be split into terms in several ways, the split with the lowest score
 * counts: the attacker's guesser gets to pick the cheapest reading.
 */
export const bannedPasswordMinScore = 5;

/** Entra matches names and terms only from 4 characters; no match covers fewer. */
export const bannedTermMinLength = 4;
/**
 * Entra's documented fuzzy example uses a 6-letter term ("abcdef"); shorter terms match only
 * exactly (after normalization), or ordinary passphrases would fail on every short word.
 */
export const fuzzyTermMinLength = 6;
const globalTermMaxLength = 16;

/** Where a term found in a password came from; the only thing a rejection reveals about it. */
export type BannedTermSource = 'global' | 'custom' | 'tenantName' | 'userName';

export type BannedPasswordEvaluation = Readonly<{
  score: number;
  accepted: boolean;
  /** One entry per term counted in the score, in password order. No term text, no position. */
  termsFound: readonly BannedTermSource[];
}>;

export type BannedPasswordLists = Readonly<{
  /** Fuzzy-matched term lists (global, custom), built with `buildBannedTermIndex`. */
  fuzzy: readonly { source: BannedTermSource; index: FuzzyTermIndex }[];
  /** Exactly matched substrings: names of the user and the tenant (raw; normalized here). */
  exact: readonly { source: BannedTermSource; term: string | undefined }[];
}>;

const substitutions: Readonly<Record<string, string>> = { '0': 'o', '1': 'l', $: 's', '@': 'a' };

/** Entra's step 1. Expects NFKC text (a normalized password, a term, a name). */
export function normalizeForBannedCheck(text: string): string {
  return text.toLowerCase().replace(/[01$@]/g, (c) => substitutions[c] ?? c);
}

/** Normalizes terms (NFKC, trimmed, Entra's step 1) and indexes them for fuzzy matching. */
export function buildBannedTermIndex(terms: Iterable<string>, maxLength = Infinity) {
  const normalized: string[] = [];
  for (const term of terms) {
    const t = normalizeForBannedCheck(term.normalize('NFKC').trim());
    const length = [...t].length;
    if (length >= bannedTermMinLength && length <= maxLength) normalized.push(t);
  }
  return new FuzzyTermIndex(normalized, fuzzyTermMinLength);
}

/** The shipped list as entered (most common first), for display and tests. */
export function globalBannedPasswords(): readonly string[] {
  return globalBannedPasswordsText.split('\n');
}

let globalIndex: FuzzyTermIndex | undefined;

/** The shipped global list, indexed on first use (terms of 4 to 16 characters). */
export function globalBannedTermIndex(): FuzzyTermIndex {
  globalIndex ??= buildBannedTermIndex(globalBannedPasswords(), globalTermMaxLength);
  return globalIndex;
}

/** Scores an NFKC-normalized password against the lists; never returns any of its text. */
export function evaluateBannedPassword(
  password: string,
  lists: BannedPasswordLists,
): BannedPasswordEvaluation {
  const prepared = prepareText(normalizeForBannedCheck(password));
  const matchEnds = findMatches(prepared, lists);
  // best[i]: the lowest score from code point i on; taken[i]: the term chosen at i, if any.
  const best = new Array<number>(prepared.length + 1).fill(0);
  const taken = new Array<{ end: number; source: BannedTermSource } | undefined>(prepared.length);
  for (let i = prepared.length - 1; i >= 0; i -= 1) {
    best[i] = 1 + best[i + 1]!;
    for (const match of matchEnds[i]!) {
      if (1 + best[match.end]! <= best[i]!) {
        best[i] = 1 + best[match.end]!;
        taken[i] = match;
      }
    }
  }
  const termsFound: BannedTermSource[] = [];
  for (let i = 0; i < prepared.length;) {
    const match = taken[i];
    if (match) termsFound.push(match.source);
    i = match ? match.end : i + 1;
  }
  const score = best[0]!;
  return { score, accepted: score >= bannedPasswordMinScore, termsFound };
}

/** Entra's substring rule alone: does the password contain `term` (4+ characters) once both are normalized? */
export function containsBannedSubstring(password: string, term: string | undefined): boolean {
  const needle = normalizedNeedle(term);
  return needle !== undefined && normalizeForBannedCheck(password).includes(needle);
}

function normalizedNeedle(term: string | undefined): string | undefined {
  if (term === undefined) return undefined;
  const needle = normalizeForBannedCheck(term.normalize('NFKC').trim());
  return [...needle].length >= bannedTermMinLength ? needle : undefined;
}

type Match = { end: number; source: BannedTermSource };

function findMatches(password: PreparedText, lists: BannedPasswordLists): Match[][] {
  const matches: Match[][] = Array.from({ length: password.length }, () => []);
  for (const { source, index } of lists.fuzzy) {
    const longest = index.longestTerm + 1;
    for (let start = 0; start < password.length; start += 1) {
      const last = Math.min(password.length, start + longest);
      for (let end = start + bannedTermMinLength; end <= last; end += 1) {
        if (index.matchesSpan(password, start, end)) matches[start]!.push({ end, source });
      }
    }
  }
  const { value, offsets } = password;
  for (const { source, term } of lists.exact) {
    const needle = normalizedNeedle(term);
    if (needle === undefined) continue;
    const needleLength = [...needle].length;
    for (let at = value.indexOf(needle); at !== -1; at = value.indexOf(needle, at + 1)) {
      const start = offsets.indexOf(at);
      if (start !== -1) matches[start]!.push({ end: start + needleLength, source });
    }
  }
  return matches;
}
