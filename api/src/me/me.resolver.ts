import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { AppServices } from '../common/appServices.js';
import type { RequestContext } from '../server/context.js';
import { sessionOf } from '../selfService/sessionMetadata.js';
import { loadMe } from './meView.js';
import { Me } from './me.type.js';

@Resolver()
export class MeResolver {
  constructor(private readonly services: AppServices) {}

  @Authorized()
  @Query(() => Me, { description: 'Allowed while a password change is pending.' })
  me(@Ctx() ctx: RequestContext): Promise<Me> {
    return loadMe(this.services.deps, sessionOf(ctx));
  }
}
