import { parse } from "csv-parse/sync";
import readXlsxFile from "read-excel-file/node";

/**
 * Reading an import file (CSV or XLSX) into a header line and rows of strings. Everything a file
 * can be wrong in is an expected outcome with its own code, so the admin gets a clear report and
 * nothing is imported:
 *
 * - too_large / too_many_rows: over IMPORT_MAX_BYTES / IMPORT_MAX_ROWS (lib/config.ts);
 * - wrong_type: neither CSV text nor an XLSX workbook (old binary .xls, PDF, images, …);
 * - encoding: a text file that is neither UTF-8 (with or without BOM) nor Windows-1252 (what German
 *   Excel writes for "CSV (Trennzeichen-getrennt)"), e.g. UTF-16 ("Unicode-Text") or binary;
 * - empty / unreadable: no header line or no data row, or a CSV/XLSX that does not parse.
 */
export type ImportFileError = "too_large" | "too_many_rows" | "wrong_type" | "encoding" | "empty" | "unreadable";
export type ImportTable = { fileType: "csv" | "xlsx"; encoding: "utf-8" | "utf-8-bom" | "windows-1252" | "xlsx"; headers: string[]; rows: string[][] };
export type ReadResult = { ok: true; table: ImportTable } | { ok: false; error: ImportFileError };
export type ImportLimits = { maxBytes: number; maxRows: number };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // .xls (BIFF), .doc
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);
/** Byte values Windows-1252 leaves undefined: a file with them is not Windows-1252. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

export function detectEncoding(bytes: Uint8Array): { ok: true; encoding: "utf-8" | "utf-8-bom" | "windows-1252"; text: string } | { ok: false } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    try {
      return { ok: true, encoding: "utf-8-bom", text: new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(3)) };
    } catch {
      return { ok: false };
    }
  }
  // UTF-16/32 byte-order marks, and NUL bytes (UTF-16 without BOM, binary files)
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.includes(0)) return { ok: false };
  try {
    return { ok: true, encoding: "utf-8", text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    // not UTF-8: Windows-1252 if every byte is defined there (a guess every 8-bit file passes
    // except those with the five undefined bytes; German Excel exports are this)
  }
  for (const b of bytes) if (CP1252_UNDEFINED.has(b)) return { ok: false };
  return { ok: true, encoding: "windows-1252", text: new TextDecoder("windows-1252").decode(bytes) };
}

/** ; (German Excel) or , (most others) or tab, whichever the header line has most of. */
function delimiterOf(text: string): string {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  const counts = [";", ",", "\t"].map((d) => [d, first.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ",";
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

function tableOf(fileType: ImportTable["fileType"], encoding: ImportTable["encoding"], raw: string[][], limits: ImportLimits): ReadResult {
  const rows = raw.map((r) => r.map((c) => c.replace(/^\s+|\s+$/g, ""))).filter((r) => r.some((c) => c !== ""));
  // no header line, or a header without a single row of data
  if (rows.length < 2) return { ok: false, error: "empty" };
  const [headers, ...data] = rows;
  if (data.length > limits.maxRows) return { ok: false, error: "too_many_rows" };
  const width = headers.length;
  return { ok: true, table: { fileType, encoding, headers, rows: data.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "")) } };
}

export async function readImportFile(bytes: Uint8Array, fileName: string, limits: ImportLimits): Promise<ReadResult> {
  if (bytes.byteLength > limits.maxBytes) return { ok: false, error: "too_large" };
  if (bytes.byteLength === 0) return { ok: false, error: "empty" };
  const name = fileName.toLowerCase();
  if (startsWith(bytes, ZIP)) {
    if (!name.endsWith(".xlsx")) return { ok: false, error: "wrong_type" };
    try {
      // numbers as the text the cell shows: a phone number must keep its digits
      const sheets = await readXlsxFile(Buffer.from(bytes), { parseNumber: (s: string) => s });
      const data = sheets[0]?.data ?? [];
      return tableOf("xlsx", "xlsx", data.map((r) => r.map(cellText)), limits);
    } catch {
      return { ok: false, error: "unreadable" };
    }
  }
  if (startsWith(bytes, OLE) || name.endsWith(".xlsx") || name.endsWith(".xls")) return { ok: false, error: "wrong_type" };
  if (!(name.endsWith(".csv") || name.endsWith(".txt"))) return { ok: false, error: "wrong_type" };
  const decoded = detectEncoding(bytes);
  if (!decoded.ok) return { ok: false, error: "encoding" };
  try {
    const raw = parse(decoded.text, { delimiter: delimiterOf(decoded.text), relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
    return tableOf("csv", decoded.encoding, raw, limits);
  } catch {
    return { ok: false, error: "unreadable" };
  }
}
