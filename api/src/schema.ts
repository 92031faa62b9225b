import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import type { AppServices } from './common/appServices.js';
import { AuthChecker } from './common/authChecker.js';
import { adminResolvers } from './admin/index.js';
import { MetaResolver } from './meta/meta.resolver.js';
import { reportResolvers } from './reports/index.js';
import { selfServiceResolvers } from './selfService/index.js';
import { SignInResolver } from './signIn/signIn.resolver.js';

type ResolverClass = new (services: AppServices) => object;

const resolverClasses: NonEmptyArray<ResolverClass> = [
  MetaResolver,
  SignInResolver,
  ...selfServiceResolvers,
  ...adminResolvers,
  ...reportResolvers,
];

/**
 * The schema, with resolvers built from the services (type-graphql's container hook). Pass
 * `emitSchemaFile` to write schema.graphql, which is committed so API changes show in review.
 */
export const buildResetlineSchema = (
  services: AppServices,
  options: Readonly<{ emitSchemaFile?: string }> = {},
): Promise<GraphQLSchema> => {
  const instances = new Map<unknown, unknown>(resolverClasses.map((C) => [C, new C(services)]));
  instances.set(AuthChecker, new AuthChecker(services));
  return buildSchema({
    resolvers: resolverClasses,
    container: { get: (someClass) => instances.get(someClass) },
    authChecker: AuthChecker,
    validate: false,
    ...(options.emitSchemaFile ? { emitSchemaFile: { path: options.emitSchemaFile, sortedSchema: true } } : {}),
  });
};
