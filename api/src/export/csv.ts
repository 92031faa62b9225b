/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const formulaStart = /^[=+\-@\t\r]/;

const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(cellText).join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

/**
 * One CSV cell (RFC 4180): text is always quoted with inner quotes doubled, and a cell a
 * spreadsheet would run as a formula gets a leading apostrophe. Numbers stay bare.
 */
export const csvCell = (value: unknown): string => {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = cellText(value);
  const safe = formulaStart.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
};

export type CsvColumn = Readonly<{
  key: string;
  header: string;
  format?: ((value: unknown) => unknown) | undefined;
}>;

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** The header line, then one line per row, as the rows arrive. */
export async function* toCsv(
  columns: readonly CsvColumn[],
  rows: AsyncIterable<object>,
): AsyncGenerator<string> {
  yield csvLine(columns.map((c) => c.header));
  for await (const row of rows) {
    const record = row as Record<string, unknown>;
    yield csvLine(columns.map((c) => (c.format ? c.format(record[c.key]) : record[c.key])));
  }
}
