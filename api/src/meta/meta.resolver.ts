import { Query, Resolver } from 'type-graphql';

export const API_VERSION = '0.1.0';

@Resolver()
export class MetaResolver {
  @Query(() => String, { description: 'The API version; also the cheapest query there is.' })
  version(): string {
    return API_VERSION;
  }
}
