import type { DirectoryKind } from '@resetline/domain';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export const DirectoryKindEnum: Record<DirectoryKind, DirectoryKind> = {
  openldap: 'openldap',
  activeDirectory: 'activeDirectory',
};
registerEnumType(DirectoryKindEnum, {
  name: 'DirectoryKind',
  description:
    'OpenLDAP (password modify, ppolicy unlock) or Active Directory (unicodePwd over LDAPS).',
});

@ObjectType({ description: 'TLS settings of the directory connection.' })
export class DirectoryTls {
  @Field(() => Boolean, { description: 'True when a CA certificate is pinned.' })
  caConfigured!: boolean;

  @Field(() => String, { nullable: true })
  servername!: string | null;

  @Field(() => Boolean, { nullable: true })
  rejectUnauthorized!: boolean | null;

  @Field(() => String, { nullable: true })
  minVersion!: string | null;
}

@ObjectType({ description: "The tenant's writeback directory. The bind secret is never shown." })
export class DirectoryWritebackConfiguration {
  @Field(() => DirectoryKindEnum)
  kind!: DirectoryKind;

  @Field(() => String)
  url!: string;

  @Field(() => String)
  bindDn!: string;

  @Field(() => String)
  baseDn!: string;

  @Field(() => String, { nullable: true, description: "Null: the directory kind's default." })
  userFilter!: string | null;

  @Field(() => Int, { nullable: true, description: 'Null: the default (5000 ms).' })
  timeoutMs!: number | null;

  @Field(() => DirectoryTls, { nullable: true })
  tls!: DirectoryTls | null;
}

@ObjectType()
export class DirectoryWritebackChange {
  @Field(() => Boolean, { description: 'False when there was nothing to remove.' })
  changed!: boolean;

  @Field(() => DirectoryWritebackConfiguration, { nullable: true })
  directory!: DirectoryWritebackConfiguration | null;
}

@ObjectType({ description: 'The outcome of binding to the directory and reading its base DN.' })
export class DirectoryConnectionCheck {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why it failed: DirectoryBindFailed, DirectoryUnreachable, DirectoryTimeout…',
  })
  reason!: string | null;

  @Field(() => String, { nullable: true })
  message!: string | null;
}
