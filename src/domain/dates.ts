/**
 * Calendar dates without a time of day or a time zone ("YYYY-MM-DD").
 *
 * Election deadlines are calendar days (选举法 28, 29, 32), so they are kept apart from instants:
 * an instant becomes a date only through an explicit time zone (`toLocalDate`).
 * Arithmetic goes through a day number (days since 1970-01-01), never through `Date`,
 * so it cannot be shifted by the host's time zone or by daylight saving.
 */

declare const localDateBrand: unique symbol;

/** A valid proleptic-Gregorian date "YYYY-MM-DD", years 0001–9999. Only this module creates one. */
export type LocalDate = string & { readonly [localDateBrand]: true };

const MIN_YEAR = 1;
const MAX_YEAR = 9999;
const MS_PER_DAY = 86_400_000;

const EN_MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
] as const;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Why (y, m, d) is not a date, or null when it is one. */
function invalidReason(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    return `year must be an integer from ${MIN_YEAR} to ${MAX_YEAR}`;
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) return "month must be an integer from 1 to 12";
  const last = daysInMonth(year, month);
  if (!Number.isInteger(day) || day < 1 || day > last) {
    return `day must be an integer from 1 to ${last} in ${EN_MONTHS[month - 1]} ${year}`;
  }
  return null;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function format(year: number, month: number, day: number): LocalDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as LocalDate;
}

interface Parts {
  year: number;
  month: number;
  day: number;
}

// The string was validated when the LocalDate was made, so fixed slices are safe.
function parts(d: LocalDate): Parts {
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) };
}

// Days since 1970-01-01 and back: H. Hinnant's "days_from_civil" / "civil_from_days".
function toDayNumber({ year, month, day }: Parts): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function fromDayNumber(n: number): Parts {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** The date y-m-d (month 1–12); throws RangeError when it does not exist. */
export function localDate(year: number, month: number, day: number): LocalDate {
  const reason = invalidReason(year, month, day);
  if (reason !== null) throw new RangeError(`Invalid date ${year}-${month}-${day}: ${reason}`);
  return format(year, month, day);
}

/** Parses exactly "YYYY-MM-DD"; throws RangeError for any other shape or a date that does not exist (2026-02-30). */
export function parseLocalDate(s: string): LocalDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (match === null) throw new RangeError(`Invalid date "${s}": expected YYYY-MM-DD`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const reason = invalidReason(year, month, day);
  if (reason !== null) throw new RangeError(`Invalid date "${s}": ${reason}`);
  return format(year, month, day);
}

/** d shifted by n calendar days (n may be negative). */
export function addDays(d: LocalDate, n: number): LocalDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addDays: day count must be an integer, got ${n}`);
  const { year, month, day } = fromDayNumber(toDayNumber(parts(d)) + n);
  const reason = invalidReason(year, month, day);
  if (reason !== null) throw new RangeError(`addDays: ${d} + ${n} days is outside years ${MIN_YEAR}–${MAX_YEAR}`);
  return format(year, month, day);
}

/** Signed number of days from a to b: daysBetween("2026-12-01", "2026-12-15") === 14. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toDayNumber(parts(b)) - toDayNumber(parts(a));
}

/** -1, 0 or 1; usable as an Array.prototype.sort comparator. */
export function compareDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  // Fixed-width zero-padded strings sort like the dates they name.
  return a < b ? -1 : a > b ? 1 : 0;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = zoneFormatters.get(timeZone);
  if (formatter === undefined) {
    // Throws RangeError for an unknown time zone. hourCycle h23: never "24" for midnight.
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      calendar: "gregory",
      numberingSystem: "latn",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
    zoneFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * What a wall clock in timeZone shows at the instant: the date and the time to the second.
 * `fn` names the caller in errors (an invalid Date, an unknown zone, a year before 1).
 */
export function zoneFields(instant: Date, timeZone: string, fn: string): { date: LocalDate; hour: number; minute: number; second: number } {
  if (Number.isNaN(instant.getTime())) throw new RangeError(`${fn}: invalid Date`);
  const fields = new Map(zoneFormatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  if (fields.get("era") !== "AD") throw new RangeError(`${fn}: ${instant.toISOString()} is before year 1`);
  return {
    date: localDate(Number(fields.get("year")), Number(fields.get("month")), Number(fields.get("day"))),
    hour: Number(fields.get("hour")),
    minute: Number(fields.get("minute")),
    second: Number(fields.get("second")),
  };
}

/** The calendar date that a wall clock in timeZone (IANA name, e.g. "Asia/Shanghai") shows at the instant. */
export function toLocalDate(instant: Date, timeZone: string): LocalDate {
  return zoneFields(instant, timeZone, "toLocalDate").date;
}

/** A Prisma `@db.Date` value (a Date at 00:00 UTC) as a LocalDate; anything else is a caller bug and throws. */
export function fromDbDate(d: Date): LocalDate {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new RangeError("fromDbDate: invalid Date");
  if (ms % MS_PER_DAY !== 0) {
    throw new RangeError(`fromDbDate: ${d.toISOString()} is not at UTC midnight; is this really a @db.Date column?`);
  }
  return localDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Year, month (1–12), day and weekday (0 = Sunday) of a date; the words come from the locale files. */
export function dateParts(d: LocalDate): { year: number; month: number; day: number; weekday: number } {
  const p = parts(d);
  // 1970-01-01 was a Thursday (index 4 with Sunday = 0).
  const weekday = (((toDayNumber(p) + 4) % 7) + 7) % 7;
  return { ...p, weekday };
}
