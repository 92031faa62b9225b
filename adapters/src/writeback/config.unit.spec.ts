import { ValidationError } from '@resetline/domain';
import { describe, expect, it } from 'vitest';
import { parseLdapWritebackConfig } from './config.js';

const valid = {
  kind: 'openldap',
  url: 'ldap://127.0.0.1:389',
  bindDn: 'cn=resetline,dc=example,dc=org',
  bindPassword: 'bind-secret-value',
  baseDn: 'dc=example,dc=org',
};

function problemOf(input: unknown): ValidationError {
  try {
    parseLdapWritebackConfig(input);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('parseLdapWritebackConfig', () => {
  it('fills the default user filter per directory kind and a timeout', () => {
    expect(parseLdapWritebackConfig(valid)).toMatchObject({
      userFilter: '(uid={username})',
      timeoutMs: 5_000,
    });
    expect(
      parseLdapWritebackConfig({ ...valid, kind: 'activeDirectory', url: 'ldaps://dc1:636' }),
    ).toMatchObject({ userFilter: '(sAMAccountName={username})' });
  });

  it('keeps a custom user filter', () => {
    const userFilter = '(&(objectClass=inetOrgPerson)(mail={username}))';
    expect(parseLdapWritebackConfig({ ...valid, userFilter }).userFilter).toBe(userFilter);
  });

  it('names every bad field with code BAD_USER_INPUT', () => {
    const error = problemOf({ ...valid, kind: 'novell', url: 'http://x', timeoutMs: -1 });
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.reason).toBe('InvalidDirectoryConfig');
    expect(error.message).toMatch(/kind:/);
    expect(error.message).toMatch(/url: must be ldap:\/\/host\[:port\] or ldaps:\/\/host\[:port\]/);
    expect(error.message).toMatch(/timeoutMs:/);
  });

  it('refuses a user filter without the placeholder or that does not parse', () => {
    expect(problemOf({ ...valid, userFilter: '(uid=alice)' }).message).toMatch(
      /userFilter: must contain the placeholder \{username\}/,
    );
    expect(problemOf({ ...valid, userFilter: '(uid={username}' }).message).toMatch(
      /userFilter: is not a valid LDAP filter/,
    );
  });

  it('refuses missing and unknown fields', () => {
    const { bindDn: _bindDn, ...withoutBindDn } = valid;
    expect(problemOf(withoutBindDn).message).toMatch(/bindDn:/);
    expect(problemOf({ ...valid, password: 'x' }).message).toMatch(/password/);
  });

  it('never repeats the bind password in its message', () => {
    const error = problemOf({ ...valid, bindPassword: 12345678, url: 'bind-secret-value' });
    expect(error.message).not.toContain('bind-secret-value');
    expect(error.message).not.toContain('12345678');
    expect(JSON.stringify(error.details)).not.toContain('bind-secret-value');
  });
});
