import { Field, InputType, Int } from 'type-graphql';

@InputType()
export class SecurityQuestionsSettingsPatch {
  @Field(() => Int, { nullable: true })
  toRegister?: number;

  @Field(() => Int, { nullable: true })
  toAnswer?: number;

  @Field(() => [String], { nullable: true })
  customQuestions?: string[];
}

@InputType()
export class HelpdeskContactPatch {
  @Field(() => String, { nullable: true })
  url?: string;

  @Field(() => String, { nullable: true })
  email?: string;
}

@InputType({ description: 'Fields to change in the SSPR policy; the others stay.' })
export class SsprPolicyPatch {
  @Field(() => String, { nullable: true })
  scope?: string;

  @Field(() => [String], { nullable: true })
  selectedGroups?: string[];

  @Field(() => [String], { nullable: true })
  allowedMethods?: string[];

  @Field(() => Int, { nullable: true })
  gatesRequired?: number;

  @Field(() => SecurityQuestionsSettingsPatch, { nullable: true })
  securityQuestions?: SecurityQuestionsSettingsPatch;

  @Field(() => Boolean, { nullable: true })
  requireRegistrationAtSignIn?: boolean;

  @Field(() => Int, { nullable: true })
  reconfirmAfterDays?: number;

  @Field(() => Boolean, { nullable: true })
  notifyUserOnReset?: boolean;

  @Field(() => Boolean, { nullable: true })
  notifyAdminsOnAdminReset?: boolean;

  @Field(() => HelpdeskContactPatch, { nullable: true })
  helpdesk?: HelpdeskContactPatch;

  @Field(() => Boolean, { nullable: true })
  writebackEnabled?: boolean;

  @Field(() => Boolean, { nullable: true })
  allowUnlockWithoutReset?: boolean;

  @Field(() => Boolean, { nullable: true })
  adminTemporaryPassword?: boolean;
}

@InputType({ description: 'Fields to change in the password policy; the others stay.' })
export class PasswordPolicyPatch {
  @Field(() => Int, { nullable: true })
  minLength?: number;

  @Field(() => Boolean, { nullable: true })
  requireThreeOfFourClasses?: boolean;

  @Field(() => Int, { nullable: true })
  historyDepth?: number;

  @Field(() => Boolean, { nullable: true })
  enableBannedPasswordCheck?: boolean;

  @Field(() => [String], { nullable: true })
  customBannedPasswords?: string[];

  @Field(() => Boolean, { nullable: true })
  enforceCustomList?: boolean;
}

@InputType({ description: 'Fields to change in the lockout policy; the others stay.' })
export class LockoutPolicyPatch {
  @Field(() => Int, { nullable: true })
  threshold?: number;

  @Field(() => Int, { nullable: true })
  durationSeconds?: number;

  @Field(() => Int, { nullable: true })
  maxDurationSeconds?: number;

  @Field(() => Int, { nullable: true })
  rememberedBadPasswords?: number;
}

@InputType({ description: 'Fields to change in the audit policy; the others stay.' })
export class AuditPolicyPatch {
  @Field(() => Int, {
    nullable: true,
    description:
      'Days audit records and report rows are kept (7–3650); applied to existing rows too, at once',
  })
  retentionDays?: number;

  @Field(() => Boolean, {
    nullable: true,
    description: 'While on, nothing is deleted for this tenant whatever its retention',
  })
  legalHold?: boolean;
}
