import { describe, expect, it } from 'vitest';
import { defaultSsprPolicy, type SsprPolicy, type Tier } from '../policy/index.js';
import { ssprCoverage, tierCovers } from './ssprCoverage.js';

const all: SsprPolicy = { ...defaultSsprPolicy, scope: 'all' };
const cloudUser = { roles: ['user'] as const, groups: ['sales'], source: 'cloud' as const };
const cloudAdmin = { ...cloudUser, roles: ['globalAdmin'] as const };
const syncedUser = { ...cloudUser, source: 'synced' as const };

describe('tier coverage', () => {
  it.each<[Tier, typeof cloudUser | typeof cloudAdmin | typeof syncedUser, boolean]>([
    ['free', cloudAdmin, true],
    ['free', cloudUser, false],
    ['basic', cloudUser, true],
    ['basic', syncedUser, false],
    ['premium', syncedUser, true],
  ])('%s covers %o: %s', (tier, user, covered) => expect(tierCovers(tier, user)).toBe(covered));
});

describe('SSPR coverage', () => {
  it('is off for everyone but admins while the scope is none (the default)', () => {
    expect(ssprCoverage({ tier: 'basic', ssprPolicy: defaultSsprPolicy }, cloudUser)).toMatchObject(
      { enabled: false, gap: 'notInScope' },
    );
    expect(ssprCoverage({ tier: 'basic', ssprPolicy: defaultSsprPolicy }, cloudAdmin).enabled).toBe(
      true,
    );
  });

  it('covers members of a selected group only', () => {
    const selected: SsprPolicy = {
      ...defaultSsprPolicy,
      scope: 'selected',
      selectedGroups: ['sales'],
    };
    expect(ssprCoverage({ tier: 'basic', ssprPolicy: selected }, cloudUser).enabled).toBe(true);
    expect(
      ssprCoverage({ tier: 'basic', ssprPolicy: selected }, { ...cloudUser, groups: ['hr'] }),
    ).toMatchObject({ enabled: false, gap: 'notInScope' });
  });

  it('reports the tier before the scope', () =>
    expect(ssprCoverage({ tier: 'basic', ssprPolicy: all }, syncedUser)).toMatchObject({
      enabled: false,
      gap: 'tierExcludes',
    }));

  it('gives admins two gates and no security questions whatever the policy says', () => {
    const lax: SsprPolicy = {
      ...all,
      gatesRequired: 1,
      allowedMethods: ['securityQuestions', 'email'],
    };
    const coverage = ssprCoverage({ tier: 'free', ssprPolicy: lax }, cloudAdmin);
    expect(coverage.gatesRequired).toBe(2);
    expect(coverage.allowedMethods).not.toContain('securityQuestions');
    expect(ssprCoverage({ tier: 'basic', ssprPolicy: lax }, cloudUser)).toEqual({
      enabled: true,
      gatesRequired: 1,
      allowedMethods: ['securityQuestions', 'email'],
    });
  });
});
