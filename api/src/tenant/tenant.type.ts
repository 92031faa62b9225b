import type { Tier } from '@resetline/domain';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { TierEnum } from '../admin/enums.js';

@ObjectType({ description: "The caller's tenant." })
export class Tenant {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => TierEnum)
  tier!: Tier;

  @Field(() => String)
  language!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Int)
  policyVersion!: number;
}

@ObjectType()
export class TenantChange {
  @Field(() => Boolean, { description: 'False when the tenant already had that tier.' })
  changed!: boolean;

  @Field(() => Tenant)
  tenant!: Tenant;
}
