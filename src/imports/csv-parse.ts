import { BadRequestError } from "../errors.js";

// Reads the CSV files that studios import: written by spreadsheets or by
// Kitsu's own export, so the delimiter may be `,`, `;`, a tab or `|`. Zou
// guesses it with Python's csv.Sniffer; here the delimiter is the candidate
// found most often in the header line outside quotes.

const DELIMITERS = [",", ";", "\t", "|"] as const;

export interface CsvTable {
  headers: string[];
  /** One object per data row, keyed by header; a short row lacks its last keys. */
  rows: Record<string, string>[];
}

/** Picks the delimiter that occurs most often in the first line, outside quotes; `,` when none does. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ",";
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const found = counts.get(delimiter) ?? 0;
    if (found > bestCount) {
      best = delimiter;
      bestCount = found;
    }
  }
  return best;
}

/** Splits CSV text into records of fields (RFC 4180 quoting); throws BAD_USER_INPUT on an unclosed quote. */
export function parseCsvRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let index = 0;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;

  while (index < source.length) {
    const char = source[index];
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        field += '"';
        index += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      index += 1;
      continue;
    }
    if (char === '"' && field === "") quoted = true;
    else if (char === delimiter) {
      record.push(field);
      field = "";
    } else if (char === "\r" || char === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      if (char === "\r" && source[index + 1] === "\n") index += 1;
    } else field += char;
    index += 1;
  }
  if (quoted) throw new BadRequestError("Invalid CSV: a quoted field is not closed.");
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((fields) => !(fields.length === 1 && fields[0].trim() === ""));
}

/** Parses a CSV file whose first line names the columns, as Python's csv.DictReader reads it. */
export function parseCsvTable(text: string): CsvTable {
  const records = parseCsvRecords(text, detectDelimiter(text));
  if (records.length === 0) throw new BadRequestError("The CSV file is empty: it needs a header line.");
  const headers = records[0].map((header) => header.trim());
  const rows = records.slice(1).map((fields) => {
    const row: Record<string, string> = {};
    headers.forEach((header, position) => {
      if (position < fields.length) row[header] = fields[position];
    });
    return row;
  });
  return { headers, rows };
}
