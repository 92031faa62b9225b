import type { Role, UserSource } from '@resetline/domain';
import { Field, InputType } from 'type-graphql';
import { RoleEnum, UserSourceEnum, UserStatusEnum, type UserStatus } from '../admin/enums.js';

@InputType({ description: 'Narrows the user list; every given field must match.' })
export class UserFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Case-insensitive substring of the username or display name.',
  })
  search?: string;

  @Field(() => UserStatusEnum, { nullable: true })
  status?: UserStatus;

  @Field(() => RoleEnum, { nullable: true })
  role?: Role;

  @Field(() => UserSourceEnum, { nullable: true })
  source?: UserSource;

  @Field(() => String, { nullable: true })
  group?: string;
}

@InputType({ description: 'A new user. Admins never choose a password: see adminResetPassword.' })
export class CreateUserInput {
  @Field(() => String)
  username!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String, { nullable: true })
  firstName?: string;

  @Field(() => String, { nullable: true })
  lastName?: string;

  @Field(() => UserSourceEnum, { nullable: true, description: 'Defaults to cloud.' })
  source?: UserSource;

  @Field(() => [RoleEnum], { nullable: true, description: 'Defaults to [user].' })
  roles?: Role[];

  @Field(() => [String], { nullable: true })
  groups?: string[];

  @Field(() => String, { nullable: true, description: 'en or nl; defaults to en.' })
  language?: string;
}

@InputType({ description: 'Fields to change; the others stay as they are.' })
export class UpdateUserInput {
  @Field(() => String, { nullable: true })
  displayName?: string;

  @Field(() => String, { nullable: true })
  firstName?: string;

  @Field(() => String, { nullable: true })
  lastName?: string;

  @Field(() => [RoleEnum], { nullable: true })
  roles?: Role[];

  @Field(() => [String], { nullable: true })
  groups?: string[];

  @Field(() => String, { nullable: true })
  language?: string;
}
