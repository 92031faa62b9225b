import { ValidationError } from '../core/errors.js';
import {
  bannedPasswordMinScore,
  buildBannedTermIndex,
  containsBannedSubstring,
  evaluateBannedPassword,
  globalBannedTermIndex,
  type BannedPasswordLists,
  type BannedTermSource,
} from './bannedPasswords.js';
import type { FuzzyTermIndex } from './fuzzyTermIndex.js';
import { normalizePassword } from './normalize.js';
import type { PasswordPolicy } from './passwordPolicy.js';

/** Why a new password was refused; also the i18n key of the message. */
export type PasswordViolationReason =
  /** Fewer code points than the policy's minLength. */
  | 'PasswordTooShort'
  /** More than 256 code points, or an oversized raw input. */
  | 'PasswordTooLong'
  /** Control characters or malformed text. */
  | 'PasswordInvalidCharacters'
  /** The tenant demands 3 of 4 character classes and the password has fewer. */
  | 'PasswordCharacterClasses'
  /** Contains the user's first or last name. */
  | 'PasswordContainsUserName'
  /** Entra's banned-password score is under 5 (Entra's own failure reason). */
  | 'FuzzyPolicyViolationInvalidPassword';

export type PasswordViolation = Readonly<{ reason: PasswordViolationReason; message: string }>;

export type PasswordCheckContext = Readonly<{
  policy: PasswordPolicy;
  firstName?: string | undefined;
  lastName?: string | undefined;
  tenantName?: string | undefined;
}>;

export type PasswordCheckResult =
  { ok: true; normalized: string } | { ok: false; violations: PasswordViolation[] };

/**
 * Checks a new password against the tenant's policy. Pure; history is checked by the
 * application service (see `passwordHistory.ts`). Over-long input is refused before any scan.
 * No message ever contains the password or a part of it.
 */
export function checkNewPassword(
  password: string,
  context: PasswordCheckContext,
): PasswordCheckResult {
  const { policy } = context;
  const prepared = normalizePassword(password, policy.maxLength);
  if (!prepared.ok) return { ok: false, violations: [prepared] };

  const violations: PasswordViolation[] = [];
  if (prepared.length < policy.minLength) {
    violations.push({
      reason: 'PasswordTooShort',
      message: `The password is too short: use at least ${policy.minLength} characters`,
    });
  }
  if (policy.requireThreeOfFourClasses && characterClassCount(prepared.normalized) < 3) {
    violations.push({
      reason: 'PasswordCharacterClasses',
      message:
        'The password needs characters of at least 3 of these kinds: lowercase letters, ' +
        'uppercase letters, digits, symbols',
    });
  }
  const names = [context.firstName, context.lastName];
  if (names.some((name) => containsBannedSubstring(prepared.normalized, name))) {
    violations.push({
      reason: 'PasswordContainsUserName',
      message: 'The password contains your first or last name',
    });
  }
  const banned = bannedPasswordViolation(prepared.normalized, context);
  if (banned) violations.push(banned);

  return violations.length === 0
    ? { ok: true, normalized: prepared.normalized }
    : { ok: false, violations };
}

/** Same as `checkNewPassword`, throwing a ValidationError with the first reason. */
export function assertNewPassword(password: string, context: PasswordCheckContext): string {
  const result = checkNewPassword(password, context);
  if (result.ok) return result.normalized;
  const [first] = result.violations;
  throw new ValidationError(first!.reason, first!.message, { violations: result.violations });
}

function bannedPasswordViolation(
  normalized: string,
  { policy, tenantName }: PasswordCheckContext,
): PasswordViolation | undefined {
  if (!policy.enableBannedPasswordCheck && !policy.enforceCustomList) return undefined;
  const fuzzy: BannedPasswordLists['fuzzy'][number][] = [];
  if (policy.enableBannedPasswordCheck)
    fuzzy.push({ source: 'global', index: globalBannedTermIndex() });
  if (policy.enforceCustomList && policy.customBannedPasswords.length > 0) {
    fuzzy.push({ source: 'custom', index: customTermIndex(policy.customBannedPasswords) });
  }
  const evaluation = evaluateBannedPassword(normalized, {
    fuzzy,
    exact: [{ source: 'tenantName', term: tenantName }],
  });
  if (evaluation.accepted) return undefined;
  return {
    reason: 'FuzzyPolicyViolationInvalidPassword',
    message:
      'The password is too easy to guess' +
      describeTerms(evaluation.termsFound) +
      `: it scores ${evaluation.score} of the ${bannedPasswordMinScore} points needed. ` +
      'Add more characters or words of your own',
  };
}

// A parsed policy keeps its list array, so each tenant's list is indexed once, not per check.
const customIndexes = new WeakMap<readonly string[], FuzzyTermIndex>();

function customTermIndex(terms: readonly string[]): FuzzyTermIndex {
  let index = customIndexes.get(terms);
  if (!index) {
    index = buildBannedTermIndex(terms);
    customIndexes.set(terms, index);
  }
  return index;
}

const sourceNames: Record<BannedTermSource, string> = {
  global: 'a commonly used password',
  custom: 'a term banned by your organization',
  tenantName: "the organization's name",
  userName: 'your name',
};

function describeTerms(found: readonly BannedTermSource[]): string {
  if (found.length === 0) return '';
  const kinds = [...new Set(found)].map((source) => sourceNames[source]);
  return ` (it contains ${kinds.join(', ')})`;
}

/** Entra's four classes; letters without case (e.g. CJK) belong to none, as Entra refuses them. */
export function characterClassCount(password: string): number {
  const classes = [/\p{Ll}/u, /[\p{Lu}\p{Lt}]/u, /\p{Nd}/u, /[^\p{L}\p{N}]/u];
  return classes.filter((pattern) => pattern.test(password)).length;
}
