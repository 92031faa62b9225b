import type { Tier } from '@resetline/domain';
import { Field, Int, ObjectType } from 'type-graphql';
import { TierEnum } from '../admin/enums.js';

@ObjectType()
export class SecurityQuestionsSettings {
  @Field(() => Int)
  toRegister!: number;

  @Field(() => Int)
  toAnswer!: number;

  @Field(() => [String])
  customQuestions!: string[];
}

@ObjectType()
export class HelpdeskContact {
  @Field(() => String, { nullable: true })
  url?: string | undefined;

  @Field(() => String, { nullable: true })
  email?: string | undefined;
}

@ObjectType({
  description: 'Who may reset their password themselves, and how (Entra SSPR settings).',
})
export class SsprPolicy {
  @Field(() => String, { description: 'none, selected or all' })
  scope!: string;

  @Field(() => [String])
  selectedGroups!: string[];

  @Field(() => [String], {
    description: 'email, mobilePhone, officePhone, authenticator, securityQuestions',
  })
  allowedMethods!: string[];

  @Field(() => Int, { description: 'Methods a user must pass (1 or 2); admins always need two.' })
  gatesRequired!: number;

  @Field(() => SecurityQuestionsSettings)
  securityQuestions!: SecurityQuestionsSettings;

  @Field(() => Boolean)
  requireRegistrationAtSignIn!: boolean;

  @Field(() => Int, { description: 'Days before users re-confirm their security info; 0 = never.' })
  reconfirmAfterDays!: number;

  @Field(() => Boolean)
  notifyUserOnReset!: boolean;

  @Field(() => Boolean)
  notifyAdminsOnAdminReset!: boolean;

  @Field(() => HelpdeskContact)
  helpdesk!: HelpdeskContact;

  @Field(() => Boolean)
  writebackEnabled!: boolean;

  @Field(() => Boolean)
  allowUnlockWithoutReset!: boolean;

  @Field(() => Boolean, {
    description:
      'Opt-in: admin resets issue a one-time temporary password instead of sending a reset.',
  })
  adminTemporaryPassword!: boolean;
}

@ObjectType()
export class PasswordPolicy {
  @Field(() => Int)
  minLength!: number;

  @Field(() => Int)
  maxLength!: number;

  @Field(() => Boolean, {
    description: 'Entra compatibility; weaker practice (NIST forbids composition rules).',
  })
  requireThreeOfFourClasses!: boolean;

  @Field(() => Int)
  historyDepth!: number;

  @Field(() => Boolean)
  enableBannedPasswordCheck!: boolean;

  @Field(() => [String])
  customBannedPasswords!: string[];

  @Field(() => Boolean)
  enforceCustomList!: boolean;
}

@ObjectType({ description: 'Smart lockout.' })
export class LockoutPolicy {
  @Field(() => Int)
  threshold!: number;

  @Field(() => Int)
  durationSeconds!: number;

  @Field(() => Int)
  maxDurationSeconds!: number;

  @Field(() => Int)
  rememberedBadPasswords!: number;
}

@ObjectType({ description: 'Audit retention and legal hold.' })
export class AuditPolicy {
  @Field(() => Int, {
    description:
      'Days audit records and report rows are kept (7–3650); applied to existing rows too, at once',
  })
  retentionDays!: number;

  @Field(() => Boolean, {
    description: 'While on, nothing is deleted for this tenant whatever its retention',
  })
  legalHold!: boolean;
}

@ObjectType({ description: "The tenant's tier and policies at one moment." })
export class Policy {
  @Field(() => Int, {
    description: 'Grows with every SSPR, password or lockout policy change (not the audit policy).',
  })
  version!: number;

  @Field(() => TierEnum)
  tier!: Tier;

  @Field(() => SsprPolicy)
  sspr!: SsprPolicy;

  @Field(() => PasswordPolicy)
  password!: PasswordPolicy;

  @Field(() => LockoutPolicy)
  lockout!: LockoutPolicy;

  @Field(() => AuditPolicy)
  audit!: AuditPolicy;
}

@ObjectType()
export class PolicyChange {
  @Field(() => Boolean, { description: 'False when the patch changed nothing (no event written).' })
  changed!: boolean;

  @Field(() => Policy)
  policy!: Policy;
}
