import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { adminMetadata, sessionOf } from '../admin/adminContext.js';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import { DirectoryWritebackInput } from './writeback.input.js';
import {
  DirectoryConnectionCheck,
  DirectoryWritebackChange,
  DirectoryWritebackConfiguration,
} from './writeback.type.js';
import {
  configureDirectory,
  currentDirectory,
  removeDirectory,
  testDirectoryConnection,
} from './writebackQueries.js';

@Resolver()
export class WritebackResolver {
  constructor(private readonly services: AppServices) {}

  @Authorized('globalAdmin')
  @Query(() => DirectoryWritebackConfiguration, {
    nullable: true,
    description: "The tenant's writeback directory (null when none), without the bind secret.",
  })
  directoryWriteback(@Ctx() ctx: RequestContext): Promise<DirectoryWritebackConfiguration | null> {
    return currentDirectory(this.services.deps, sessionOf(ctx).tenantId);
  }

  @Authorized('globalAdmin')
  @Mutation(() => DirectoryWritebackChange, {
    description: 'Sets the directory password writeback goes to (premium tenants).',
  })
  configureDirectoryWriteback(
    @Arg('input', () => DirectoryWritebackInput) input: DirectoryWritebackInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DirectoryWritebackChange> {
    return configureDirectory(this.services.deps, input, adminMetadata(this.services, ctx));
  }

  @Authorized('globalAdmin')
  @Mutation(() => DirectoryWritebackChange)
  removeDirectoryWriteback(@Ctx() ctx: RequestContext): Promise<DirectoryWritebackChange> {
    return removeDirectory(this.services.deps, adminMetadata(this.services, ctx));
  }

  @Authorized('globalAdmin')
  @Mutation(() => DirectoryConnectionCheck, {
    description: 'Binds to the configured directory and reads its base DN.',
  })
  testDirectoryConnection(@Ctx() ctx: RequestContext): Promise<DirectoryConnectionCheck> {
    return testDirectoryConnection(this.services.deps, sessionOf(ctx).tenantId);
  }
}
