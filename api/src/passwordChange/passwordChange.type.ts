import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The password was changed; every earlier session has ended.' })
export class PasswordChangeResult {
  @Field(() => Boolean)
  changed!: boolean;

  @Field(() => Boolean, { description: 'Always true: there is no automatic sign-in.' })
  signInAgain!: boolean;
}
