import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'A reset, unlock, change or registration, as the activity reports list it.',
})
export class ActivityRow {
  @Field(() => Date)
  date!: Date;

  @Field(() => String, { description: 'Display name.' })
  userName!: string;

  @Field(() => String, { description: 'Sign-in name.' })
  user!: string;

  @Field(() => String)
  userId!: string;

  @Field(() => String)
  role!: string;

  @Field(() => String, { description: 'Registration, Reset, Change or Unlock.' })
  feature!: string;

  @Field(() => String, { description: "Entra's activity name." })
  activity!: string;

  @Field(() => [String], {
    description: 'App code, Phone call, Office call, SMS, Email, Security questions.',
  })
  methodsUsed!: string[];

  @Field(() => String, { description: 'Success, Failure, Abandoned or In progress.' })
  status!: string;

  @Field(() => String)
  failureReason!: string;
}

@ObjectType({ description: 'One audit log entry: an event, flattened and redacted.' })
export class AuditLogEntry {
  @Field(() => Date) occurredAt!: Date;
  @Field(() => Float) position!: number;
  @Field(() => String) eventId!: string;
  @Field(() => String) eventType!: string;
  @Field(() => String) service!: string;
  @Field(() => String) category!: string;
  @Field(() => String) activity!: string;
  @Field(() => String) feature!: string;
  @Field(() => String) actorKind!: string;
  @Field(() => String) actorId!: string;
  @Field(() => String) targetUserId!: string;
  @Field(() => String) targetUsername!: string;
  @Field(() => String) flowId!: string;
  @Field(() => String) method!: string;
  @Field(() => String) result!: string;
  @Field(() => String) failureReason!: string;
  @Field(() => String) ip!: string;
  @Field(() => String) userAgent!: string;
  @Field(() => String) correlationId!: string;
  @Field(() => String, { description: 'Redacted event data, JSON.' }) details!: string;
}

@ObjectType()
export class AuditLogPage {
  @Field(() => [AuditLogEntry])
  rows!: AuditLogEntry[];

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last.',
  })
  endCursor!: string | null;
}

@ObjectType({ description: "Entra's registration details, per user." })
export class RegistrationDetail {
  @Field(() => String) userId!: string;
  @Field(() => String) userName!: string;
  @Field(() => String) name!: string;
  @Field(() => Boolean) isAdmin!: boolean;
  @Field(() => Boolean) ssprRegistered!: boolean;
  @Field(() => Boolean) ssprEnabled!: boolean;
  @Field(() => Boolean) ssprCapable!: boolean;
  @Field(() => [String]) methodsRegistered!: string[];
  @Field(() => Date, { nullable: true }) lastUpdated!: Date | null;
}

@ObjectType({ description: 'How many of a feature ended with a result, by method, on a day.' })
export class UsagePoint {
  @Field(() => String, { description: 'UTC day, YYYY-MM-DD.' }) day!: string;
  @Field(() => String) feature!: string;
  @Field(() => String) method!: string;
  @Field(() => String) result!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'The reset funnel at one gate with one method.' })
export class FunnelStep {
  @Field(() => Int) gate!: number;
  @Field(() => String) method!: string;
  @Field(() => Int) started!: number;
  @Field(() => Int) verified!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int) abandoned!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Float, { nullable: true }) medianSecondsToVerify!: number | null;
}

@ObjectType()
export class MethodCount {
  @Field(() => String) method!: string;
  @Field(() => Int) users!: number;
}

@ObjectType({ description: 'Who had registered security info, as of a date.' })
export class RegistrationCoverage {
  @Field(() => Date) asOf!: Date;
  @Field(() => Int) users!: number;
  @Field(() => Int) registered!: number;
  @Field(() => [MethodCount]) byMethod!: readonly MethodCount[];
}

@ObjectType({ description: 'How far a read model trails the event store.' })
export class ProjectionLagEntry {
  @Field(() => String) projection!: string;
  @Field(() => Float) positionsBehind!: number;
  @Field(() => Float) secondsBehind!: number;
}
