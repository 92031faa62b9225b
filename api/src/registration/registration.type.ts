import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A code is on its way to the new contact; confirm it to register it.' })
export class VerificationStarted {
  @Field(() => String)
  methodId!: string;

  @Field(() => String, { description: 'Masked, e.g. j***@contoso.com or +31 6*****78.' })
  maskedTarget!: string;

  @Field(() => Date)
  expiresAt!: Date;
}

@ObjectType()
export class SecurityInfoConfirmed {
  @Field(() => String)
  methodId!: string;

  @Field(() => Boolean, {
    description: "True when this registration met the tenant's requirement.",
  })
  requirementMet!: boolean;
}

@ObjectType({
  description: 'Shown once. Scan the URI as a QR code, then confirm with a first code.',
})
export class AuthenticatorEnrolment {
  @Field(() => String)
  methodId!: string;

  @Field(() => String, {
    description: 'Holds the secret: show it to the user once, never store it.',
  })
  otpauthUri!: string;

  @Field(() => String, { description: 'Opaque; hand it back to confirmAuthenticator.' })
  enrolmentToken!: string;

  @Field(() => Date)
  expiresAt!: Date;
}
