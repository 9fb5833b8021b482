import { BadRequestError } from "../errors.js";

// Shared readers of the Quotas and Timesheets pages: the count mode, the
// viewer's time zone and calendar helpers (months, days, ISO weeks,
// business days) on `YYYY-MM-DD` days.

export const COUNT_MODES = ["weighted", "weighteddone", "feedback", "done"] as const;
export type CountMode = (typeof COUNT_MODES)[number];

/** Zou's DEFAULT_TIMEZONE, used for a person who set none. */
const DEFAULT_TIMEZONE = "Europe/Paris";

/**
 * Reads Zou's count_mode: `weighted` (the default) and `feedback` count a
 * shot at its feedback request (task end_date), `weighteddone` and `done` at
 * its approval (done_date). The weighted modes spread a shot over the time
 * spent on it or over its working days.
 */
export function readCountMode(value: string | null | undefined): { weighted: boolean; feedback: boolean } {
  const mode = value === null || value === undefined ? "weighted" : value;
  if (!(COUNT_MODES as readonly string[]).includes(mode)) {
    throw new BadRequestError("count_mode must be equal to weighted, weighteddone, feedback, or done");
  }
  return { weighted: mode.includes("weighted"), feedback: !mode.includes("done") };
}

/** Returns the person's time zone when the runtime supports it, else Zou's default. Task end dates are bucketed by local day in it. */
export function viewerTimeZone(timezone: string | null | undefined): string {
  if (timezone === null || timezone === undefined || timezone === "") return DEFAULT_TIMEZONE;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: timezone });
    return timezone;
  } catch {
    return DEFAULT_TIMEZONE;
  }
}

function parseDay(day: string): Date {
  return new Date(`${day.slice(0, 10)}T00:00:00Z`);
}

/** Returns the ISO week of a day as Zou keys it: `<ISO year>-<week>`, the week without padding (2025-12-30 is `2026-1`). */
export function isoWeekKey(day: string): string {
  const date = parseDay(day);
  const weekday = (date.getUTCDay() + 6) % 7;
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const isoYear = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(isoYear, 0, 4));
  const firstMonday = firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * 86_400_000;
  const week = Math.floor((thursday.getTime() - firstMonday) / (7 * 86_400_000)) + 1;
  return `${isoYear}-${week}`;
}

/**
 * Counts the weekdays from the day of `start` (included) to the day of `end`
 * (excluded), negative when `end` comes first, as numpy's busday_count that
 * Zou uses. Both are `YYYY-MM-DD...` strings.
 */
export function businessDaysBetween(start: string, end: string): number {
  const from = parseDay(start).getTime();
  const to = parseDay(end).getTime();
  const sign = to >= from ? 1 : -1;
  const [low, high] = sign === 1 ? [from, to] : [to, from];
  let total = 0;
  for (let time = low; time < high; time += 86_400_000) {
    const weekday = new Date(time).getUTCDay();
    if (weekday !== 0 && weekday !== 6) total += 1;
  }
  return sign * total;
}

function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Returns the Monday of an ISO week and the Monday after it, or throws BAD_USER_INPUT for a week the year does not have. */
export function isoWeekInterval(year: number, week: number): { start: string; end: string } {
  const invalid = new BadRequestError(`Invalid week: ${year} has no ISO week ${week}.`);
  if (year < 1 || year > 9998 || week < 1 || week > 53) throw invalid;
  const januaryFourth = new Date(Date.UTC(year, 0, 4));
  const firstMonday = januaryFourth.getTime() - ((januaryFourth.getUTCDay() + 6) % 7) * 86_400_000;
  const start = new Date(firstMonday + (week - 1) * 7 * 86_400_000);
  // A year has a week 53 only when its 28 December falls in it.
  if (start.getTime() > Date.UTC(year, 11, 28)) throw invalid;
  return { start: formatDay(start), end: formatDay(new Date(start.getTime() + 7 * 86_400_000)) };
}

function formatCalendarDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Returns the first day of the month and the first day of the next one, or throws BAD_USER_INPUT for a month outside 1 to 12. */
export function monthInterval(year: number, month: number): { start: string; end: string } {
  // Zou's message, followed by the rejected value.
  if (year < 1 || year > 9998 || month < 1 || month > 12) throw new BadRequestError(`Invalid month or year: ${year}-${month}.`);
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return { start: formatCalendarDay(year, month, 1), end: formatCalendarDay(next.year, next.month, 1) };
}

/** Returns the day and the day after it, or throws BAD_USER_INPUT for a date the calendar does not have (such as 2024-02-30). */
export function dayInterval(year: number, month: number, day: number): { start: string; end: string } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = year >= 1 && year <= 9998 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!valid) throw new BadRequestError(`Invalid date: ${year}-${month}-${day} is not a day of the calendar.`);
  const next = new Date(date.getTime() + 86_400_000);
  return { start: formatCalendarDay(year, month, day), end: formatCalendarDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()) };
}
