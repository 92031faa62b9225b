import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'One event of a user’s stream, redacted: no hash, sealed value or clear contact.',
})
export class HistoryEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  type!: string;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => Int)
  revision!: number;

  @Field(() => Int)
  position!: number;

  @Field(() => String, { description: 'user, admin, system or anonymous' })
  actorKind!: string;

  @Field(() => String)
  actorId!: string;

  @Field(() => String)
  correlationId!: string;

  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field(() => GraphQLJSONObject)
  data!: Record<string, unknown>;
}
