import { describe, it, expect } from "vitest";
import {
  addDays,
  compareDates,
  daysBetween,
  dateParts,
  fromDbDate,
  localDate,
  parseLocalDate,
  toLocalDate,
  type LocalDate,
} from "../../src/domain/dates.js";

const d = parseLocalDate;

describe("localDate", () => {
  it.each([
    [2026, 12, 15, "2026-12-15"],
    [2026, 1, 1, "2026-01-01"],
    [2028, 2, 29, "2028-02-29"],
    [2000, 2, 29, "2000-02-29"],
    [1, 1, 1, "0001-01-01"],
    [9999, 12, 31, "9999-12-31"],
  ])("localDate(%i, %i, %i) = %s", (y, m, day, expected) => {
    expect(localDate(y, m, day)).toBe(expected);
  });

  it.each([
    [2026, 2, 29, /1 to 28 in February 2026/],
    [2026, 2, 30, /1 to 28/],
    [2100, 2, 29, /1 to 28 in February 2100/],
    [2026, 4, 31, /1 to 30 in April 2026/],
    [2026, 1, 0, /day/],
    [2026, 1, 32, /day/],
    [2026, 13, 1, /month/],
    [2026, 0, 1, /month/],
    [0, 1, 1, /year/],
    [10000, 1, 1, /year/],
    [2026.5, 1, 1, /year/],
    [2026, 1.5, 1, /month/],
    [2026, 1, 1.5, /day/],
    [Number.NaN, 1, 1, /year/],
  ])("localDate(%d, %d, %d) throws RangeError", (y, m, day, message) => {
    expect(() => localDate(y, m, day)).toThrow(RangeError);
    expect(() => localDate(y, m, day)).toThrow(message);
  });
});

describe("parseLocalDate", () => {
  it.each(["2026-12-15", "2028-02-29", "2000-02-29", "2026-01-01", "2026-12-31", "0001-01-01", "9999-12-31"])(
    "accepts %s",
    (s) => {
      expect(parseLocalDate(s)).toBe(s);
    },
  );

  it.each([
    ["2026-02-30", /Invalid date "2026-02-30": day must be an integer from 1 to 28 in February 2026/],
    ["2026-02-29", /1 to 28 in February 2026/],
    ["1900-02-29", /1 to 28 in February 1900/],
    ["2026-04-31", /1 to 30 in April 2026/],
    ["2026-12-32", /1 to 31 in December 2026/],
    ["2026-12-00", /day/],
    ["2026-13-01", /month must be an integer from 1 to 12/],
    ["2026-00-10", /month/],
    ["0000-01-01", /year/],
    ["2026-1-5", /expected YYYY-MM-DD/],
    ["20261215", /expected YYYY-MM-DD/],
    ["2026/12/15", /expected YYYY-MM-DD/],
    ["2026-12-15T00:00:00Z", /expected YYYY-MM-DD/],
    [" 2026-12-15", /expected YYYY-MM-DD/],
    ["2026-12-15\n", /expected YYYY-MM-DD/],
    ["+02026-12-15", /expected YYYY-MM-DD/],
    ["２０２６-12-15", /expected YYYY-MM-DD/],
    ["", /expected YYYY-MM-DD/],
  ])("rejects %j", (s, message) => {
    expect(() => parseLocalDate(s)).toThrow(RangeError);
    expect(() => parseLocalDate(s)).toThrow(message);
  });
});

describe("addDays", () => {
  it.each([
    ["2026-12-15", 0, "2026-12-15"],
    ["2026-12-15", -21, "2026-11-24"],
    ["2026-12-15", -6, "2026-12-09"],
    ["2026-01-31", 1, "2026-02-01"],
    ["2026-02-28", 1, "2026-03-01"],
    ["2026-03-01", -1, "2026-02-28"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2028-02-29", 1, "2028-03-01"],
    ["2028-03-01", -1, "2028-02-29"],
    ["2000-02-28", 1, "2000-02-29"],
    ["2100-02-28", 1, "2100-03-01"],
    ["2026-04-30", 1, "2026-05-01"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2027-01-01", -1, "2026-12-31"],
    ["2026-01-01", 365, "2027-01-01"],
    ["2028-01-01", 365, "2028-12-31"],
    ["2028-01-01", 366, "2029-01-01"],
    ["2024-02-29", 1461, "2028-02-29"],
    ["1970-01-01", -1, "1969-12-31"],
    ["1970-01-01", 20802, "2026-12-15"],
    ["0001-01-01", 3652058, "9999-12-31"],
    ["9999-12-31", -3652058, "0001-01-01"],
  ])("%s + %i days = %s", (from, n, expected) => {
    expect(addDays(d(from), n)).toBe(expected);
  });

  it.each([
    ["2026-12-15", 1.5, /integer/],
    ["2026-12-15", Number.NaN, /integer/],
    ["2026-12-15", Number.POSITIVE_INFINITY, /integer/],
    ["9999-12-31", 1, /outside years/],
    ["0001-01-01", -1, /outside years/],
  ])("%s + %d days throws RangeError", (from, n, message) => {
    expect(() => addDays(d(from), n)).toThrow(RangeError);
    expect(() => addDays(d(from), n)).toThrow(message);
  });
});

describe("daysBetween", () => {
  it.each([
    ["2026-12-01", "2026-12-15", 14],
    ["2026-12-15", "2026-12-01", -14],
    ["2026-12-15", "2026-12-15", 0],
    ["2026-11-20", "2026-12-15", 25],
    ["2026-02-28", "2026-03-01", 1],
    ["2028-02-28", "2028-03-01", 2],
    ["2026-12-31", "2027-01-01", 1],
    ["2028-01-01", "2029-01-01", 366],
    ["2100-01-01", "2101-01-01", 365],
    ["1969-12-31", "1970-01-02", 2],
    ["0001-01-01", "9999-12-31", 3652058],
  ])("from %s to %s is %i days", (a, b, expected) => {
    expect(daysBetween(d(a), d(b))).toBe(expected);
    expect(addDays(d(a), expected)).toBe(b);
  });
});

describe("compareDates", () => {
  it.each([
    ["2026-12-14", "2026-12-15", -1],
    ["2026-12-15", "2026-12-15", 0],
    ["2027-01-01", "2026-12-31", 1],
    ["0999-12-31", "1000-01-01", -1],
    ["2026-02-01", "2026-10-01", -1],
  ])("compareDates(%s, %s) = %i", (a, b, expected) => {
    expect(compareDates(d(a), d(b))).toBe(expected);
  });

  it("sorts chronologically", () => {
    const dates = ["2027-01-01", "2026-12-15", "0999-12-31", "2026-02-28", "2026-12-09"].map(d);
    expect(dates.sort(compareDates)).toEqual(["0999-12-31", "2026-02-28", "2026-12-09", "2026-12-15", "2027-01-01"]);
  });
});

describe("toLocalDate", () => {
  it.each([
    ["2026-12-14T15:59:59.999Z", "Asia/Shanghai", "2026-12-14"],
    ["2026-12-14T16:00:00.000Z", "Asia/Shanghai", "2026-12-15"],
    ["2026-12-15T15:59:59.999Z", "Asia/Shanghai", "2026-12-15"],
    ["2026-12-31T16:00:00.000Z", "Asia/Shanghai", "2027-01-01"],
    ["2028-02-28T16:30:00.000Z", "Asia/Shanghai", "2028-02-29"],
    ["2026-12-14T16:00:00.000Z", "Asia/Taipei", "2026-12-15"],
    ["2026-12-14T16:00:00.000Z", "UTC", "2026-12-14"],
    ["2026-12-15T00:00:00.000Z", "UTC", "2026-12-15"],
    // New York switches to daylight time on 2026-03-08; EST is UTC−5 before it.
    ["2026-03-08T04:59:59.000Z", "America/New_York", "2026-03-07"],
    ["2026-03-08T05:00:00.000Z", "America/New_York", "2026-03-08"],
    ["2026-12-15T09:59:59.000Z", "Pacific/Kiritimati", "2026-12-15"],
    ["2026-12-15T10:00:00.000Z", "Pacific/Kiritimati", "2026-12-16"],
  ])("%s in %s is %s", (iso, zone, expected) => {
    expect(toLocalDate(new Date(iso), zone)).toBe(expected);
  });

  it("rejects an unknown time zone", () => {
    expect(() => toLocalDate(new Date("2026-12-15T00:00:00Z"), "Mars/Olympus_Mons")).toThrow(RangeError);
  });

  it("rejects an invalid Date", () => {
    expect(() => toLocalDate(new Date("not a date"), "Asia/Shanghai")).toThrow(/invalid Date/);
  });
});

describe("fromDbDate", () => {
  it.each([
    [Date.UTC(2026, 11, 15), "2026-12-15"],
    [Date.UTC(2028, 1, 29), "2028-02-29"],
    [Date.UTC(2026, 0, 1), "2026-01-01"],
    [Date.UTC(1969, 11, 31), "1969-12-31"],
  ])("%i → %s", (ms, expected) => {
    expect(fromDbDate(new Date(ms))).toBe(expected);
  });

  it.each([
    ["2026-12-15T16:00:00.000Z", /not at UTC midnight/],
    ["2026-12-14T16:00:00.000Z", /not at UTC midnight/],
    ["1969-12-31T23:59:59.999Z", /not at UTC midnight/],
  ])("rejects %s", (iso, message) => {
    expect(() => fromDbDate(new Date(iso))).toThrow(message);
  });

  it("rejects an invalid Date", () => {
    expect(() => fromDbDate(new Date(Number.NaN))).toThrow(/invalid Date/);
  });
});

describe("dateParts", () => {
  it.each<[string, number, number, number, number]>([
    ["2026-12-15", 2026, 12, 15, 2],
    ["2026-11-20", 2026, 11, 20, 5],
    ["2028-02-29", 2028, 2, 29, 2],
    ["2027-01-01", 2027, 1, 1, 5],
    ["2026-03-01", 2026, 3, 1, 0],
    ["1970-01-01", 1970, 1, 1, 4],
    ["1969-12-31", 1969, 12, 31, 3],
    ["0001-01-01", 1, 1, 1, 1],
  ])("%s is %i-%i-%i, weekday %i (0 = Sunday)", (date, year, month, day, weekday) => {
    expect(dateParts(d(date))).toEqual({ year, month, day, weekday });
  });
});

describe("LocalDate type", () => {
  it("is a plain string at run time but not assignable from one", () => {
    const date: LocalDate = d("2026-12-15");
    expect(typeof date).toBe("string");
    // @ts-expect-error a plain string must go through parseLocalDate first
    const unchecked: LocalDate = "2026-12-15";
    expect(unchecked).toBe(date);
  });
});
