import type { Role, UserSource } from '@resetline/domain';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { RoleEnum, UserSourceEnum, UserStatusEnum, type UserStatus } from '../admin/enums.js';

// Plain data classes: simpleResolvers leaves their fields to graphql-jit's inlined property
// reads instead of a type-graphql resolver per field of every row of a page.
@ObjectType({
  description: 'A user of the tenant, as an administrator sees them. Never a secret.',
  simpleResolvers: true,
})
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  username!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => UserSourceEnum)
  source!: UserSource;

  @Field(() => [RoleEnum])
  roles!: Role[];

  @Field(() => [String])
  groups!: string[];

  @Field(() => String)
  language!: string;

  @Field(() => UserStatusEnum)
  status!: UserStatus;
}

@ObjectType({ description: 'A registered authentication method; the target is masked.' })
export class RegisteredSecurityInfo {
  @Field(() => String)
  methodId!: string;

  @Field(() => String, {
    description: 'email, mobilePhone, officePhone, authenticator or securityQuestions',
  })
  method!: string;

  @Field(() => String, { nullable: true, description: 'Masked, like j***@contoso.com.' })
  maskedTarget!: string | null;

  @Field(() => Date)
  registeredAt!: Date;
}

@ObjectType({ description: 'One user with their credential and security-info state.' })
export class UserDetail extends User {
  @Field(() => [RegisteredSecurityInfo])
  securityInfo!: RegisteredSecurityInfo[];

  @Field(() => Boolean)
  reregistrationRequired!: boolean;

  @Field(() => Boolean)
  hasPassword!: boolean;

  @Field(() => Boolean)
  mustChangePassword!: boolean;

  @Field(() => Date, { nullable: true, description: 'Set while smart lockout holds the account.' })
  lockedUntil!: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field(() => Boolean)
  hasNextPage!: boolean;
}

@ObjectType({ description: 'A page of users, ordered by username.', simpleResolvers: true })
export class UserPage {
  @Field(() => [User])
  nodes!: User[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Users matching the filter, across all pages.' })
  totalCount!: number;
}

@ObjectType({ description: 'The outcome of an administrative command on one user.' })
export class UserChangeResult {
  @Field(() => ID)
  userId!: string;

  @Field(() => Boolean, { description: 'False when the user was already in the asked state.' })
  changed!: boolean;

  @Field(() => String, { description: 'active, disabled or deleted' })
  status!: string;
}

@ObjectType()
export class CreatedUser {
  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  username!: string;

  @Field(() => Boolean, {
    description: "Whether the tenant's tier and SSPR scope cover this user.",
  })
  ssprEnabled!: boolean;
}
