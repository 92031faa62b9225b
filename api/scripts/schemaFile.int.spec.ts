import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitSchema, SCHEMA_FILE } from './emitSchema.js';

describe('the committed api/schema.graphql', () => {
  const dir = mkdtempSync(join(tmpdir(), 'resetline-schema-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('matches the schema the resolvers build (run `npm run schema -w @resetline/api` if not)', async () => {
    const fresh = join(dir, 'schema.graphql');
    await emitSchema(fresh);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(readFileSync(fresh, 'utf8'));
  });
});
