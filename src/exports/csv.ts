// CSV as Zou writes it with Python's csv module: `;` between fields, `\r\n`
// after each row, and a field quoted only when it contains the delimiter, a
// quote or a line break, with inner quotes doubled. Unlike Zou, text cells
// that would run as spreadsheet formulas get a leading apostrophe.

export type CsvValue = string | number | null | undefined;

// A text cell that a spreadsheet would read as a formula: one starting with
// `=`, `@`, a tab or a carriage return, or with `+` or `-` not followed by a
// digit (so "-01" and "+33 1 23" stay as they are).
const FORMULA_START = /^(?:[=@\t\r]|[+-](?![\d.]))/;

function formatField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "number" ? formatPythonFloat(value) : value;
  // Spreadsheets run formulas found in opened files: a leading apostrophe makes such a cell plain text.
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes a number as Python's str() writes a float, since Zou's durations
 * are floats: 120 becomes "120.0", 90.5 stays "90.5".
 */
export function formatPythonFloat(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  return String(value);
}

export function formatCsvRow(values: readonly CsvValue[]): string {
  return `${values.map(formatField).join(";")}\r\n`;
}

/**
 * Builds Zou's download name: "kitsu_" and the name slugified with `_`
 * (lower-cased, every run of other characters turned into one `_`).
 */
export function csvFileName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return `kitsu_${slug}.csv`;
}
