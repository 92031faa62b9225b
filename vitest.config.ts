import { defineConfig } from 'vitest/config';

// One vitest set-up for every package. Workspace packages resolve to their TypeScript sources
// through the `source` export condition, so tests never need a build first.
const conditions = ['source', 'node', 'import', 'default'];

export default defineConfig({
  resolve: {
    conditions,
    // graphql 16 has no exports map: Node loads its CommonJS entry (as Apollo and type-graphql
    // do), while Vite would pick the ESM `module` entry for our sources — two GraphQLError
    // classes, and `instanceof` fails across them. Load the one Node loads.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'domain', root: 'domain' } },
      { extends: true, test: { name: 'adapters', root: 'adapters' } },
      { extends: true, test: { name: 'projections', root: 'projections' } },
      { extends: true, test: { name: 'api', root: 'api' } },
      { extends: true, test: { name: 'workers', root: 'workers' } },
      { extends: true, test: { name: 'test', root: 'test' } },
    ],
  },
});
