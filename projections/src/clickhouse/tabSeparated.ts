/**
 * Rows as ClickHouse TabSeparated text, for `INSERT INTO t (columns) FORMAT TabSeparated`.
 *
 * TabSeparated is about half the bytes of JSONEachRow (no key names, no quotes), and the engine's
 * parse time is proportional to the bytes it reads. Escaping follows ClickHouse's TSV rules:
 * backslash, tab, line feed, carriage return and NUL become `\\ \t \n \r \0`; every other
 * character, Unicode included, goes through as is. Arrays are ClickHouse array literals
 * (`['a','b\'c']`), strings inside them quoted and escaped as ClickHouse itself prints them.
 * `null` and `undefined` are `\N`, which a non-Nullable column reads as its default
 * (`input_format_null_as_default`, on by default), as JSONEachRow treats an omitted key.
 */

// Most values need no escaping: one native regex scan answers that without allocating (measured
// faster than a charCodeAt loop here, ~0.6 of its time on 50k audit rows), and only the rare value
// that needs it is rewritten.
const specials = /[\\\t\n\r\0]/;
const needsEscape = (value: string): boolean => specials.test(value);

const escapes: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\0': '\\0',
  "'": "\\'",
};
const fieldSpecials = /[\\\t\n\r\0]/g;
const quotedSpecials = /[\\\t\n\r\0']/g;
const escapeChar = (c: string): string => escapes[c] as string;

/** A string as one TabSeparated field. */
export const escapeTsv = (value: string): string =>
  needsEscape(value) ? value.replace(fieldSpecials, escapeChar) : value;

const quote = (value: string): string =>
  needsEscape(value) || value.includes("'")
    ? `'${value.replace(quotedSpecials, escapeChar)}'`
    : `'${value}'`;

const element = (value: unknown): string => {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return arrayLiteral(value);
  return quote(JSON.stringify(value));
};

const arrayLiteral = (values: readonly unknown[]): string => {
  let out = '[';
  for (let i = 0; i < values.length; i++) out += (i === 0 ? '' : ',') + element(values[i]);
  return `${out}]`;
};

/** One value as a TabSeparated field. */
export const tsvField = (value: unknown): string => {
  switch (typeof value) {
    case 'string':
      return escapeTsv(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? '1' : '0';
    case 'undefined':
      return '\\N';
    default:
      if (value === null) return '\\N';
      // An array literal's own escapes leave no raw tab or line feed: it is a valid field as is.
      if (Array.isArray(value)) return arrayLiteral(value);
      return escapeTsv(JSON.stringify(value));
  }
};

/** The rows' values under `columns`, one line per row (each line ends with `\n`). */
export const toTabSeparated = (
  rows: readonly Readonly<Record<string, unknown>>[],
  columns: readonly string[],
): string => {
  let out = '';
  const last = columns.length - 1;
  for (const row of rows) {
    for (let i = 0; i < last; i++) out += `${tsvField(row[columns[i] as string])}\t`;
    out += `${tsvField(row[columns[last] as string])}\n`;
  }
  return out;
};
