import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export const AdminResetModeEnum = {
  invitationSent: 'invitationSent',
  temporaryPassword: 'temporaryPassword',
} as const;
export type AdminResetMode = keyof typeof AdminResetModeEnum;
registerEnumType(AdminResetModeEnum, {
  name: 'AdminResetMode',
  description:
    "invitationSent (default): the user is sent a reset; temporaryPassword: the tenant's opt-in policy.",
});

@ObjectType()
export class AdminResetResult {
  @Field(() => ID)
  userId!: string;

  @Field(() => AdminResetModeEnum)
  mode!: AdminResetMode;

  @Field(() => String, {
    nullable: true,
    description:
      'Only in temporaryPassword mode. Shown this once and stored nowhere in clear: hand it to the user, who must change it at the next sign-in.',
  })
  temporaryPassword?: string | undefined;
}

@ObjectType()
export class AdminUnlockResult {
  @Field(() => ID)
  userId!: string;
}
