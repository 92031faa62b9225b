import { periodKinds, type PeriodKind } from '@resetline/projections';
import { Field, InputType, registerEnumType } from 'type-graphql';

export const PeriodKindEnum = Object.fromEntries(periodKinds.map((k) => [k, k])) as {
  [K in PeriodKind]: K;
};
registerEnumType(PeriodKindEnum, {
  name: 'PeriodKind',
  description: 'Report periods in UTC days; custom needs from < to, at most 366 days apart.',
});

@InputType({ description: 'The period a report covers.' })
export class PeriodInput {
  @Field(() => PeriodKindEnum)
  kind!: PeriodKind;

  @Field(() => Date, { nullable: true, description: 'Custom periods: start, inclusive.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Custom periods: end, exclusive.' })
  to?: Date | null;
}

export enum AuditResult {
  success = 'success',
  failure = 'failure',
}
registerEnumType(AuditResult, { name: 'AuditResult' });

@InputType({ description: 'Audit log filters; all given ones must match.' })
export class AuditLogFilterInput {
  @Field(() => String, { nullable: true, description: 'Target user id or sign-in name.' })
  user?: string | null;

  @Field(() => String, { nullable: true, description: 'Actor id.' })
  actor?: string | null;

  @Field(() => String, { nullable: true, description: "Entra's activity name, exactly." })
  activity?: string | null;

  @Field(() => String, { nullable: true, description: 'Method kind, e.g. email, mobilePhone.' })
  method?: string | null;

  @Field(() => AuditResult, { nullable: true })
  result?: AuditResult | null;
}
