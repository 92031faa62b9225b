import { Field, InputType } from 'type-graphql';

@InputType()
export class SecurityAnswerInput {
  @Field(() => String, { description: 'The question as the flow asked it.' })
  question!: string;

  @Field(() => String)
  answer!: string;
}
