import { ValidationError } from '@resetline/domain';
import { Field, InputType } from 'type-graphql';

@InputType({ description: 'One answer, to a predefined question (questionId) or a custom one.' })
export class SecurityQuestionAnswerInput {
  @Field(() => String, { nullable: true, description: 'The id of a predefined question.' })
  questionId?: string | null;

  @Field(() => String, { nullable: true, description: "One of the tenant's custom questions." })
  customQuestion?: string | null;

  @Field(() => String)
  answer!: string;
}

/** The domain's question reference: exactly one of questionId and customQuestion. */
export const toAnswerRegistration = ({
  questionId,
  customQuestion,
  answer,
}: SecurityQuestionAnswerInput) => {
  if (questionId && !customQuestion)
    return { question: { kind: 'predefined', id: questionId }, answer };
  if (customQuestion && !questionId)
    return { question: { kind: 'custom', text: customQuestion }, answer };
  throw new ValidationError(
    'InvalidSecurityQuestions',
    'Give each answer either a questionId or a customQuestion, not both',
  );
};
