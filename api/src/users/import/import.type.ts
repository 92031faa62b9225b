import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ImportFormat } from './parseImportText.js';

export const ImportFormatEnum: Record<ImportFormat, ImportFormat> = { csv: 'csv', json: 'json' };
registerEnumType(ImportFormatEnum, {
  name: 'ImportFormat',
  description:
    'csv: a header line (username, displayName, firstName, lastName, source, roles, groups, language; lists separated by ;). json: an array of objects with those keys.',
});

@ObjectType({
  description: 'Why one row was refused. Rows count from 1, not counting the CSV header.',
})
export class ImportRowError {
  @Field(() => Int)
  row!: number;

  @Field(() => String)
  field!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType()
export class ImportedUser {
  @Field(() => Int)
  row!: number;

  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  username!: string;

  @Field(() => Boolean, { description: 'False when an earlier run of the same file created it.' })
  created!: boolean;
}

@ObjectType({
  description:
    'Nothing is written unless every row is valid. If a run is interrupted while writing, run the same file again: rows already written count as alreadyPresent.',
})
export class ImportUsersResult {
  @Field(() => Boolean)
  dryRun!: boolean;

  @Field(() => Int)
  rows!: number;

  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  alreadyPresent!: number;

  @Field(() => [ImportedUser])
  users!: ImportedUser[];

  @Field(() => [ImportRowError])
  errors!: ImportRowError[];
}
