import type { MethodKind } from '@resetline/domain';
import { Field, Int, ObjectType } from 'type-graphql';
import { SecurityInfoKind } from '../selfService/enums.js';

@ObjectType({ description: 'One registered method, masked: never a secret, an answer or a hash.' })
export class MySecurityInfo {
  @Field(() => String)
  methodId!: string;

  @Field(() => SecurityInfoKind)
  method!: MethodKind;

  @Field(() => String, { nullable: true, description: 'j***@contoso.com, +31 6*****78, …' })
  maskedTarget!: string | null;

  @Field(() => Date)
  registeredAt!: Date;
}

@ObjectType({ description: "Entra's registration terms for the signed-in user." })
export class MyRegistrationStatus {
  @Field(() => Boolean, { description: 'Enough usable methods for the gates the policy requires.' })
  registered!: boolean;

  @Field(() => Boolean, { description: 'Tier and scope cover this user for self-service reset.' })
  enabled!: boolean;

  @Field(() => Boolean, { description: 'Registered, enabled and active: a reset would work.' })
  capable!: boolean;

  @Field(() => Boolean, { description: 'Register again, or review the registered info.' })
  needsReconfirmation!: boolean;

  @Field(() => Int)
  gatesRequired!: number;

  @Field(() => [SecurityInfoKind], { description: 'Registered methods the policy accepts.' })
  methods!: readonly MethodKind[];
}

@ObjectType({ description: 'The signed-in user: own profile, security info and registration.' })
export class Me {
  @Field(() => String)
  userId!: string;

  @Field(() => String)
  username!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Boolean, { description: 'Nothing but changePassword and me until it is changed.' })
  mustChangePassword!: boolean;

  @Field(() => [MySecurityInfo])
  securityInfo!: MySecurityInfo[];

  @Field(() => MyRegistrationStatus)
  registration!: MyRegistrationStatus;
}
