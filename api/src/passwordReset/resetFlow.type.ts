import type { DeliveryChannel as Channel, MethodKind } from '@resetline/domain';
import { Field, Int, ObjectType } from 'type-graphql';
import { DeliveryChannel, SecurityInfoKind } from '../selfService/enums.js';

@ObjectType({ description: 'A method the flow offers, with its target masked.' })
export class ResetMethod {
  @Field(() => String)
  methodId!: string;

  @Field(() => SecurityInfoKind)
  method!: MethodKind;

  @Field(() => String, { nullable: true })
  maskedTarget?: string | undefined;

  @Field(() => [String], { nullable: true, description: 'For securityQuestions: what to answer.' })
  questions?: readonly string[] | undefined;
}

@ObjectType({
  description:
    'A reset or unlock in progress. Its id is the only key to it. Every start answers with this shape, whoever the username belongs to.',
})
export class ResetFlow {
  @Field(() => String)
  flowId!: string;

  @Field(() => String, { description: 'open' })
  status!: string;

  @Field(() => [ResetMethod])
  methods!: readonly ResetMethod[];

  @Field(() => Int)
  gatesRequired!: number;

  @Field(() => Int)
  gatesPassed!: number;

  @Field(() => Boolean, {
    description: 'unlockAccount may end the flow instead of a new password.',
  })
  unlockAllowed!: boolean;

  @Field(() => Date)
  expiresAt!: Date;
}

@ObjectType({
  description: 'Where a code went, masked. The same answer whether it was sent or not.',
})
export class ResetCodeSent {
  @Field(() => String)
  methodId!: string;

  @Field(() => DeliveryChannel)
  channel!: Channel;

  @Field(() => String, { nullable: true })
  maskedTarget?: string | undefined;

  @Field(() => Date)
  expiresAt!: Date;
}

@ObjectType()
export class ResetGateProgress {
  @Field(() => Int)
  gatesPassed!: number;

  @Field(() => Int)
  gatesRequired!: number;
}

@ObjectType({ description: 'The flow has ended. There is no automatic sign-in.' })
export class ResetFlowFinished {
  @Field(() => String)
  flowId!: string;

  @Field(() => String, { description: 'completed' })
  status!: string;
}
