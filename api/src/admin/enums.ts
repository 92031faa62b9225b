import {
  roles,
  tiers,
  userSources,
  type Role,
  type Tier,
  type UserSource,
} from '@resetline/domain';
import { registerEnumType } from 'type-graphql';

const asEnum = <T extends string>(values: readonly T[]): Record<T, T> =>
  Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

/** GraphQL enums over the domain's literal unions, so the schema and the domain share one list. */
export const RoleEnum: Record<Role, Role> = asEnum(roles);
export const UserSourceEnum: Record<UserSource, UserSource> = asEnum(userSources);
export const TierEnum: Record<Tier, Tier> = asEnum(tiers);
export const UserStatusEnum = asEnum(['active', 'disabled'] as const);
export type UserStatus = keyof typeof UserStatusEnum;

registerEnumType(RoleEnum, { name: 'Role', description: 'A role a user holds in a tenant.' });
registerEnumType(UserSourceEnum, {
  name: 'UserSource',
  description: 'Where the account lives: cloud only, synced from or federated with a directory.',
});
registerEnumType(TierEnum, { name: 'Tier', description: 'The tenant licence tier.' });
registerEnumType(UserStatusEnum, { name: 'UserStatus' });
