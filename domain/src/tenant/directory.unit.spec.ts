import { describe, expect, it } from 'vitest';
import { deciderSpecification, type CommandMetadata } from '../core/index.js';
import {
  configureDirectoryWriteback,
  removeDirectoryWriteback,
  tenantDecider,
} from './businessLogic.js';
import {
  configureDirectoryWritebackSchema,
  directorySettingsSchema,
  withoutBindSecret,
  type DirectorySettings,
} from './directory.js';
import type { TenantEvent } from './tenant.js';

const metadata: CommandMetadata = {
  now: new Date('2025-03-01T10:00:00Z'),
  tenantId: 'contoso',
  actor: { kind: 'admin', id: 'admin-1' },
  correlationId: 'corr-1',
};
const spec = deciderSpecification(tenantDecider);
const created = (tier: 'free' | 'basic' | 'premium'): TenantEvent => ({
  type: 'TenantCreated',
  data: { tenantId: 'contoso', name: 'Contoso', tier, language: 'en' },
});
const directory: DirectorySettings = {
  kind: 'openldap',
  url: 'ldap://dc1.contoso.example:389',
  bindDn: 'cn=resetline,dc=contoso,dc=example',
  sealedBindPassword: 'sealed:abc',
  baseDn: 'dc=contoso,dc=example',
};
const configure =
  (settings = directory) =>
  (s: Parameters<typeof tenantDecider.decide>[1]) =>
    configureDirectoryWriteback(
      { type: 'ConfigureDirectoryWriteback', data: { directory: settings }, metadata },
      s,
    );
const remove = (s: Parameters<typeof tenantDecider.decide>[1]) =>
  removeDirectoryWriteback({ type: 'RemoveDirectoryWriteback', data: {}, metadata }, s);
const configured: TenantEvent = { type: 'DirectoryWritebackConfigured', data: directory };

describe('directory writeback configuration', () => {
  describe('on a premium tenant', () => {
    it('records the directory with the sealed secret', () =>
      spec
        .given([created('premium')])
        .when(configure())
        .then([configured]));

    it('records a new configuration over an old one, and the state holds the newest', () => {
      const moved = { ...directory, url: 'ldaps://dc2.contoso.example' };
      spec
        .given([created('premium'), configured])
        .when(configure(moved))
        .then([{ type: 'DirectoryWritebackConfigured', data: moved }]);
      const { state } = spec.given([
        created('premium'),
        configured,
        { type: 'DirectoryWritebackConfigured', data: moved },
      ]);
      expect(state).toMatchObject({ directory: moved });
    });

    it('removes the directory, naming which one, and forgets it', () => {
      spec
        .given([created('premium'), configured])
        .when(remove)
        .then([
          { type: 'DirectoryWritebackRemoved', data: { kind: 'openldap', url: directory.url } },
        ]);
      const { state } = spec.given([
        created('premium'),
        configured,
        { type: 'DirectoryWritebackRemoved', data: { kind: 'openldap', url: directory.url } },
      ]);
      expect(state).not.toHaveProperty('directory');
    });

    it('answers nothing changed when there is no directory to remove', () =>
      spec
        .given([created('premium')])
        .when(remove)
        .then([]));
  });

  describe('below premium', () => {
    it.each(['free', 'basic'] as const)('refuses a directory on %s', (tier) => {
      spec
        .given([created(tier)])
        .when(configure())
        .thenThrows('FORBIDDEN', 'WritebackNeedsPremium');
    });
  });

  describe('when the tenant does not exist', () => {
    it('refuses both commands', () => {
      spec.given([]).when(configure()).thenThrows('NOT_FOUND', 'TenantNotFound');
      spec.given([]).when(remove).thenThrows('NOT_FOUND', 'TenantNotFound');
    });
  });
});

describe('the configuration schemas', () => {
  const input = {
    kind: 'openldap',
    url: 'ldap://dc1.contoso.example',
    bindDn: 'cn=resetline,dc=contoso,dc=example',
    bindPassword: 'bind secret',
    baseDn: 'dc=contoso,dc=example',
  };
  const issuesOf = (value: unknown) =>
    configureDirectoryWritebackSchema
      .safeParse(value)
      .error?.issues.map((issue) => issue.path.join('.'));

  it('accepts a minimal OpenLDAP configuration', () => expect(issuesOf(input)).toBeUndefined());

  it('refuses a URL that is not ldap:// or ldaps://', () =>
    expect(issuesOf({ ...input, url: 'https://dc1.contoso.example' })).toEqual(['url']));

  it('refuses Active Directory over plain LDAP', () =>
    expect(issuesOf({ ...input, kind: 'activeDirectory' })).toEqual(['url']));

  it('refuses a user filter without the {username} placeholder', () =>
    expect(issuesOf({ ...input, userFilter: '(uid=alice)' })).toEqual(['userFilter']));

  it('refuses an empty bind secret and unknown fields', () =>
    expect(issuesOf({ ...input, bindPassword: '', extra: 1 })).toEqual(
      expect.arrayContaining(['bindPassword', '']),
    ));

  it('never lets a clear bind secret into the stored settings', () =>
    expect(
      directorySettingsSchema.safeParse({ ...input, sealedBindPassword: 'sealed' }).success,
    ).toBe(false));

  it('drops the sealed secret from the view an administrator reads', () =>
    expect(withoutBindSecret(directory)).toEqual({
      kind: 'openldap',
      url: directory.url,
      bindDn: directory.bindDn,
      baseDn: directory.baseDn,
    }));
});
