import { waitForCode } from '../support/outbox.js';
import type { TestServer } from '../support/resetlineServer.js';

/** The self-service operations as a portal sends them. */
export const ops = {
  start: `mutation($t: String!, $u: String!, $purpose: ResetPurpose) {
    startPasswordReset(tenant: $t, username: $u, purpose: $purpose) {
      flowId status gatesRequired gatesPassed unlockAllowed expiresAt
      methods { methodId method maskedTarget questions }
    }
  }`,
  send: `mutation($f: String!, $m: String!) {
    sendResetCode(flowId: $f, methodId: $m) { methodId channel maskedTarget expiresAt }
  }`,
  verify: `mutation($f: String!, $m: String!, $c: String!) {
    verifyResetCode(flowId: $f, methodId: $m, code: $c) { gatesPassed gatesRequired }
  }`,
  answer: `mutation($f: String!, $a: [SecurityAnswerInput!]!) {
    answerSecurityQuestions(flowId: $f, answers: $a) { gatesPassed gatesRequired }
  }`,
  complete: `mutation($f: String!, $p: String!) {
    completePasswordReset(flowId: $f, newPassword: $p) { flowId status }
  }`,
  unlock: `mutation($f: String!) { unlockAccount(flowId: $f) { flowId status } }`,
  change: `mutation($t: String!, $u: String!, $old: String!, $new: String!) {
    changePassword(tenant: $t, username: $u, currentPassword: $old, newPassword: $new) { changed signInAgain }
  }`,
  registerEmail: `mutation($a: String!) { registerEmail(address: $a) { methodId maskedTarget expiresAt } }`,
  confirmEmail: `mutation($m: String!, $c: String!) { confirmEmail(methodId: $m, code: $c) { methodId requirementMet } }`,
  registerPhone: `mutation($n: String!) { registerPhone(method: mobilePhone, number: $n) { methodId maskedTarget expiresAt } }`,
  confirmPhone: `mutation($m: String!, $c: String!) { confirmPhone(methodId: $m, code: $c) { methodId requirementMet } }`,
  registerQuestions: `mutation($a: [SecurityQuestionAnswerInput!]!) {
    registerSecurityQuestions(answers: $a) { methodId requirementMet }
  }`,
  registerAuthenticator: `mutation { registerAuthenticator { methodId otpauthUri enrolmentToken expiresAt } }`,
  confirmAuthenticator: `mutation($e: String!, $c: String!) {
    confirmAuthenticator(enrolmentToken: $e, code: $c) { methodId requirementMet }
  }`,
  remove: `mutation($m: String!) { removeSecurityInfo(methodId: $m) }`,
  review: `mutation { reviewSecurityInfo }`,
  me: `{ me { userId username displayName mustChangePassword
    securityInfo { methodId method maskedTarget registeredAt }
    registration { registered enabled capable needsReconfirmation gatesRequired methods } } }`,
} as const;

export type Flow = Readonly<{
  flowId: string;
  status: string;
  gatesRequired: number;
  gatesPassed: number;
  unlockAllowed: boolean;
  expiresAt: string;
  methods: readonly Readonly<{
    methodId: string;
    method: string;
    maskedTarget: string | null;
    questions: string[] | null;
  }>[];
}>;

/** Every call from its own client address unless told otherwise, so per-IP limits stay apart. */
export const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

/** The data of a call that must succeed; its error code otherwise. */
export const ok = async <T>(call: Promise<{ data: T | null; errors?: readonly unknown[] }>) => {
  const result = await call;
  if (result.errors) throw new Error(`expected success, got ${JSON.stringify(result.errors)}`);
  return result.data as T;
};

/** Registers and confirms a contact with the code the workers delivered to the dev outbox. */
export const registerContact = async (
  server: TestServer,
  token: string,
  contact: Readonly<{ email: string } | { mobile: string }>,
): Promise<string> => {
  const after = new Date();
  const [register, confirm, to] =
    'email' in contact
      ? (['registerEmail', 'confirmEmail', contact.email] as const)
      : (['registerPhone', 'confirmPhone', contact.mobile] as const);
  const variables = 'email' in contact ? { a: contact.email } : { n: contact.mobile };
  const started = await ok(
    server.graphql<Record<string, { methodId: string }>>(ops[register], variables, { token }),
  );
  const methodId = started[register]!.methodId;
  const code = await waitForCode(server, { to, after });
  await ok(server.graphql(ops[confirm], { m: methodId, c: code }, { token }));
  return methodId;
};

/** Starts a reset and passes one code gate by the method of this kind. */
export const passCodeGate = async (
  server: TestServer,
  flowId: string,
  method: 'email' | 'mobilePhone',
  to: string,
  ip: string,
) => {
  const after = new Date();
  await ok(server.graphql(ops.send, { f: flowId, m: method }, from(ip)));
  const code = await waitForCode(server, { to, after });
  return ok(
    server.graphql<{ verifyResetCode: { gatesPassed: number } }>(
      ops.verify,
      { f: flowId, m: method, c: code },
      from(ip),
    ),
  );
};

export const startReset = async (
  server: TestServer,
  tenant: string,
  username: string,
  ip: string,
  purpose: 'reset' | 'unlock' = 'reset',
): Promise<Flow> =>
  (
    await ok(
      server.graphql<{ startPasswordReset: Flow }>(
        ops.start,
        { t: tenant, u: username, purpose },
        from(ip),
      ),
    )
  ).startPasswordReset;
