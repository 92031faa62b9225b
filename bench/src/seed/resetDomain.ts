import type {
  ActiveTenant,
  CodeHasher,
  CommandMetadata,
  CredentialState,
  DeliveryChannel,
  ExistingUser,
  IneligibleReason,
  LockoutPolicy,
  MethodKind,
  OfferedMethod,
  OpenFlow,
  Random,
  ResetEvent,
  ResetFlowState,
  SecretBox,
  UserEvent,
} from '@resetline/domain';

/*
 * The reset flow's deciders (domain/src/passwordReset/businessLogic.ts, accountBusinessLogic.ts,
 * eligibility.ts, codes.ts) are not exported from @resetline/domain's index yet: only its
 * services are. A static relative import would put the domain's sources under bench's rootDir,
 * so they are loaded here at run time from the same files (same module instances as the
 * package, so error classes still match), and typed by the shapes below, copied from the
 * domain. Once the index exports them, this file becomes one `export { ... } from` line.
 */

type Cmd<T extends string, D> = Readonly<{ type: T; data: Readonly<D>; metadata: CommandMetadata }>;

export type CodeVerdict = 'valid' | 'wrongCode' | 'expiredCode' | 'noCodeSent';

export type ResetFlowCommand =
  | Cmd<
      'StartPasswordReset',
      {
        flowId: string;
        username: string;
        userId: string | null;
        purpose: 'reset' | 'unlock';
        eligible: boolean;
        ineligibleReason?: IneligibleReason | undefined;
        gatesRequired: 1 | 2;
        methods: readonly OfferedMethod[];
        unlockAllowed: boolean;
        policyVersion: number;
      }
    >
  | Cmd<
      'SendResetCode',
      {
        methodId: string;
        channel: DeliveryChannel;
        delivery: Readonly<{
          target: string;
          maskedTarget: string;
          codeHash: string;
          sealedCode: string;
        }> | null;
      }
    >
  | Cmd<'VerifyResetCode', { methodId: string; verdict: CodeVerdict }>
  | Cmd<'AnswerSecurityQuestions', { correct: boolean }>
  | Cmd<'RejectNewPassword', { reasons: readonly string[] }>
  | Cmd<'CompletePasswordReset', { writeback: boolean }>
  | Cmd<'UnlockAccount', { writeback: boolean }>
  | Cmd<
      'FailPasswordReset',
      { reason: 'writebackFailed' | 'ineligible'; detail?: string | undefined }
    >
  | Cmd<'AbandonExpiredFlow', Record<string, never>>;

export type ResetAccountCommand =
  | Cmd<'CountVerificationAttempt', { flowId: string; kind: 'emailSent' | 'phoneVerification' }>
  | Cmd<'RecordWrongSecurityAnswers', { lockoutPolicy: LockoutPolicy }>
  | Cmd<'ResetPasswordBySelf', { flowId: string; hash: string }>
  | Cmd<'UnlockBySelf', Record<string, never>>;

export type ResetAssessment = Readonly<{
  eligible: boolean;
  ineligibleReason?: IneligibleReason | undefined;
  gatesRequired: 1 | 2;
  methods: readonly OfferedMethod[];
  questions: readonly string[];
}>;

export type ResetDomain = Readonly<{
  decideResetFlow: (command: ResetFlowCommand, state: ResetFlowState) => ResetEvent[];
  decideResetAccount: (command: ResetAccountCommand, state: CredentialState) => UserEvent[];
  attemptAllowed: (events: readonly UserEvent[]) => boolean;
  assessResetEligibility: (
    codeHasher: CodeHasher,
    tenant: ActiveTenant,
    username: string,
    user: ExistingUser | null,
    now: Date,
  ) => ResetAssessment;
  drawQuestions: (
    codeHasher: CodeHasher,
    flowId: string,
    registered: readonly string[],
    toAnswer: number,
  ) => string[];
  issueCode: (
    deps: Readonly<{ random: Random; codeHasher: CodeHasher; secretBox: SecretBox }>,
    flowId: string,
    methodId: string,
    method: MethodKind,
  ) => Readonly<{ code: string; codeHash: string; sealedCode: string }>;
  judgeCode: (
    codeHasher: CodeHasher,
    flow: OpenFlow,
    methodId: string,
    code: string,
    now: Date,
  ) => CodeVerdict;
  FLOW_ID_BYTES: number;
}>;

const source = new URL('../../../domain/src/passwordReset/index.ts', import.meta.url).href;
export const resetDomain = (await import(source)) as ResetDomain;
