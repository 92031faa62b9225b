import type { DirectoryKind } from '@resetline/domain';
import { Field, InputType, Int } from 'type-graphql';
import { DirectoryKindEnum } from './writeback.type.js';

@InputType({ description: 'TLS settings for an ldaps:// directory.' })
export class DirectoryTlsInput {
  @Field(() => String, {
    nullable: true,
    description: "PEM of the CA that signed the directory's certificate.",
  })
  ca?: string;

  @Field(() => String, { nullable: true })
  servername?: string;

  @Field(() => Boolean, { nullable: true })
  rejectUnauthorized?: boolean;

  @Field(() => String, { nullable: true, description: 'TLSv1.2 or TLSv1.3.' })
  minVersion?: string;
}

@InputType({
  description:
    'The directory password writeback goes to. The bind secret is stored sealed and never shown again.',
})
export class DirectoryWritebackInput {
  @Field(() => DirectoryKindEnum)
  kind!: DirectoryKind;

  @Field(() => String, { description: 'ldap://host[:port] or ldaps://host[:port].' })
  url!: string;

  @Field(() => String, { description: "Resetline's service account." })
  bindDn!: string;

  @Field(() => String)
  bindPassword!: string;

  @Field(() => String, { description: 'Where users are searched.' })
  baseDn!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Filter with the {username} placeholder; (uid=…) or (sAMAccountName=…) by default.',
  })
  userFilter?: string;

  @Field(() => Int, { nullable: true, description: 'Per-operation timeout, 100 to 60000 ms.' })
  timeoutMs?: number;

  @Field(() => DirectoryTlsInput, { nullable: true })
  tls?: DirectoryTlsInput;
}
