import {
  GraphQLError,
  Kind,
  type FieldNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * Mutations that test a secret or send a message. At most one of them per operation, so a
 * client cannot multiply guesses with aliases (security.md § API).
 */
export const sensitiveMutations: ReadonlySet<string> = new Set([
  'startPasswordReset',
  'sendResetCode',
  'verifyResetCode',
  'answerSecurityQuestions',
  'completePasswordReset',
  'unlockAccount',
  'changePassword',
  'signIn',
  'registerEmail',
  'registerPhone',
  'confirmEmail',
  'confirmPhone',
  'confirmAuthenticator',
  'adminResetPassword',
  // Each makes an outbound LDAP bind: aliases must not multiply them.
  'testDirectoryConnection',
  'configureDirectoryWriteback',
]);

/** Top-level fields of a selection set, looking through inline fragments and fragment spreads. */
const topLevelFields = (
  context: ValidationContext,
  set: SelectionSetNode,
  seen = new Set<string>(),
): FieldNode[] =>
  set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return topLevelFields(context, s.selectionSet, seen);
    if (seen.has(s.name.value)) return [];
    seen.add(s.name.value);
    const fragment = context.getFragment(s.name.value);
    return fragment ? topLevelFields(context, fragment.selectionSet, seen) : [];
  });

export const oneSensitiveMutationPerOperation: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'mutation') return;
    const sensitive = topLevelFields(context, node.selectionSet).filter((f) =>
      sensitiveMutations.has(f.name.value),
    );
    if (sensitive.length > 1) {
      context.reportError(
        new GraphQLError(
          `At most one sensitive mutation per operation (found ${sensitive.length}: ${[
            ...new Set(sensitive.map((f) => f.name.value)),
          ].join(', ')})`,
          { nodes: sensitive, extensions: { code: 'BAD_USER_INPUT' } },
        ),
      );
    }
  },
});
