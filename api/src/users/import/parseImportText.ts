import { ValidationError } from '@resetline/domain';

export type ImportFormat = 'csv' | 'json';
/** One record as read from the file, before validation; `row` counts records from 1. */
export type RawRow = Readonly<{ row: number; fields: Record<string, unknown> }>;

export const MAX_IMPORT_ROWS = 10_000;

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
export const parseCsvRecords = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new ValidationError('InvalidCsv', 'The CSV ends inside a quoted field');
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
};

/** Columns holding lists take `;`-separated values (`user;passwordAdmin`). */
const listColumns = new Set(['roles', 'groups']);

const csvRows = (text: string): RawRow[] => {
  const [header, ...records] = parseCsvRecords(text.replace(/^\uFEFF/, ''));
  if (!header) throw new ValidationError('EmptyImport', 'The CSV has no header line');
  const columns = header.map((h) => h.trim());
  return records.map((values, index) => {
    const fields: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const value = values[i]?.trim() ?? '';
      if (value === '') return;
      fields[column] = listColumns.has(column)
        ? value
            .split(';')
            .map((v) => v.trim())
            .filter(Boolean)
        : value;
    });
    if (values.length > columns.length) fields['(extra columns)'] = values.length - columns.length;
    return { row: index + 1, fields };
  });
};

const jsonRows = (text: string): RawRow[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ValidationError('InvalidJson', 'The JSON is not well formed');
  }
  if (!Array.isArray(parsed)) {
    throw new ValidationError('InvalidJson', 'The JSON must be an array of user objects');
  }
  return parsed.map((value: unknown, index) => ({
    row: index + 1,
    fields:
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : { '(row)': value },
  }));
};

/** The records of an import file; a file-level problem (syntax, size) refuses the whole file. */
export const parseImportText = (format: ImportFormat, text: string): RawRow[] => {
  const rows = format === 'csv' ? csvRows(text) : jsonRows(text);
  if (rows.length === 0) throw new ValidationError('EmptyImport', 'The file holds no users');
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new ValidationError(
      'ImportTooLarge',
      `An import holds at most ${MAX_IMPORT_ROWS} users (this one has ${rows.length}); split it`,
    );
  }
  return rows;
};
