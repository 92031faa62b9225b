import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { adminMetadata } from '../../admin/adminContext.js';
import type { AppServices } from '../../common/appServices.js';
import type { RequestContext } from '../../server/context.js';
import { ImportFormatEnum, ImportUsersResult } from './import.type.js';
import { importUsers } from './importUsers.js';
import type { ImportFormat } from './parseImportText.js';

@Resolver()
export class ImportUsersResolver {
  constructor(private readonly services: AppServices) {}

  @Authorized('globalAdmin')
  @Mutation(() => ImportUsersResult, {
    description: 'Creates up to 10,000 users from CSV or JSON text.',
  })
  importUsers(
    @Arg('format', () => ImportFormatEnum) format: ImportFormat,
    @Arg('data', () => String) data: string,
    @Arg('dryRun', () => Boolean, { defaultValue: false, description: 'Validate only.' })
    dryRun: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<ImportUsersResult> {
    return importUsers(
      this.services.deps,
      { format, data, dryRun },
      adminMetadata(this.services, ctx),
    );
  }
}
