// CSV as Zou writes it with Python's csv module: `;` between fields, `\r\n`
// after each row, and a field quoted only when it contains the delimiter, a
// quote or a line break, with inner quotes doubled.

export type CsvValue = string | number | null | undefined;

function formatField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? formatPythonFloat(value) : value;
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
