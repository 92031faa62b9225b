import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { adminMetadata, sessionOf } from '../admin/adminContext.js';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import {
  AuditPolicyPatch,
  LockoutPolicyPatch,
  PasswordPolicyPatch,
  SsprPolicyPatch,
} from './policy.input.js';
import { Policy, PolicyChange } from './policy.type.js';
import { currentPolicy, policyAtTime, updatePolicy } from './policyQueries.js';

const anyAdmin = ['globalAdmin', 'passwordAdmin', 'reportsReader', 'auditReader'] as const;

@Resolver()
export class PolicyResolver {
  constructor(private readonly services: AppServices) {}

  @Authorized(...anyAdmin)
  @Query(() => Policy, { description: "The caller's tenant's policies now." })
  policy(@Ctx() ctx: RequestContext): Promise<Policy> {
    return currentPolicy(this.services.deps, sessionOf(ctx).tenantId);
  }

  @Authorized(...anyAdmin)
  @Query(() => Policy, {
    nullable: true,
    description: 'The policies in force at a past time (null before the tenant existed).',
  })
  policyAt(
    @Arg('time', () => Date) time: Date,
    @Ctx() ctx: RequestContext,
  ): Promise<Policy | null> {
    return policyAtTime(this.services.deps, sessionOf(ctx).tenantId, time);
  }

  @Authorized('globalAdmin')
  @Mutation(() => PolicyChange)
  updateSsprPolicy(
    @Arg('patch', () => SsprPolicyPatch) patch: SsprPolicyPatch,
    @Ctx() ctx: RequestContext,
  ) {
    return updatePolicy.sspr(this.services.deps, patch, adminMetadata(this.services, ctx));
  }

  @Authorized('globalAdmin')
  @Mutation(() => PolicyChange)
  updatePasswordPolicy(
    @Arg('patch', () => PasswordPolicyPatch) patch: PasswordPolicyPatch,
    @Ctx() ctx: RequestContext,
  ) {
    return updatePolicy.password(this.services.deps, patch, adminMetadata(this.services, ctx));
  }

  @Authorized('globalAdmin')
  @Mutation(() => PolicyChange)
  updateLockoutPolicy(
    @Arg('patch', () => LockoutPolicyPatch) patch: LockoutPolicyPatch,
    @Ctx() ctx: RequestContext,
  ) {
    return updatePolicy.lockout(this.services.deps, patch, adminMetadata(this.services, ctx));
  }

  @Authorized('globalAdmin')
  @Mutation(() => PolicyChange)
  updateAuditPolicy(
    @Arg('patch', () => AuditPolicyPatch) patch: AuditPolicyPatch,
    @Ctx() ctx: RequestContext,
  ) {
    return updatePolicy.audit(this.services.deps, patch, adminMetadata(this.services, ctx));
  }
}
