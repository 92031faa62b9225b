import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A user session. Send the token as `Authorization: Bearer <token>`.' })
export class Session {
  @Field(() => String)
  token!: string;

  @Field(() => String)
  userId!: string;

  @Field(() => Boolean, { description: 'The password must be changed before anything else.' })
  mustChangePassword!: boolean;
}
