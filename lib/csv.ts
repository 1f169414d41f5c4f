import { stringify } from "csv-stringify/sync";

/**
 * The one CSV dialect of every export (directory, reports): UTF-8 with a BOM so that spreadsheet
 * programs detect the encoding, and formula escaping — cells that a spreadsheet would run as a
 * formula (= + - @ tab CR) are prefixed with ' (csv-stringify `escape_formulas`).
 */
export const CSV_OPTIONS = { escape_formulas: true } as const;

/** The header line (with the BOM) of an export. */
export function csvHeader(columns: readonly string[]): string {
  return stringify([columns], { ...CSV_OPTIONS, bom: true });
}

/** Data lines, formula-escaped. */
export function csvRows(rows: readonly (readonly unknown[])[]): string {
  return rows.length === 0 ? "" : stringify(rows as unknown[][], CSV_OPTIONS);
}

export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return csvHeader(columns) + csvRows(rows);
}
