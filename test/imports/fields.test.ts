import { describe, expect, it } from "vitest";
import { Bad, date, dateTime, time, yesNo } from "../../src/imports/fields.js";

const problem = (v: unknown) => (v instanceof Bad ? v.problem : v);

describe("cell parsers", () => {
  it.each([
    ["1990-03-07", "1990-03-07"],
    ["1990/3/7", "1990-03-07"],
    ["1990.03.07", "1990-03-07"],
    ["1990年3月7日", "1990-03-07"],
    ["１９９０年３月７日", "1990-03-07"],
    ["19900307", "1990-03-07"],
    ["1990-03-07 00:00:00", "1990-03-07"],
    ["32939", "1990-03-07"], // Excel serial
    ["1990", "BAD_DATE"], // a year alone is not read as serial 1990 (1905)
    ["1990-02-29", "BAD_DATE"],
    ["3/7/1990", "BAD_DATE"], // month/day order is ambiguous: refused
  ])("date %s → %s", (cell, expected) => {
    expect(problem(date(cell))).toBe(expected);
  });

  it.each([
    ["8:00", "08:00"],
    ["08:00:00", "08:00"],
    ["8时30分", "08:30"],
    ["0.75", "18:00"],
    ["24:00", "BAD_TIME"],
  ])("time %s → %s", (cell, expected) => {
    expect(problem(time(cell))).toBe(expected);
  });

  it.each([
    ["2026-11-15 09:30", "2026-11-15T09:30"],
    ["2026/11/15 9:30", "2026-11-15T09:30"],
    ["2026年11月15日14:00", "2026-11-15T14:00"],
    ["46341.5", "2026-11-15T12:00"],
    ["2026-11-15", "BAD_DATETIME"],
  ])("dateTime %s → %s", (cell, expected) => {
    expect(problem(dateTime(cell))).toBe(expected);
  });

  it.each([["是", true], ["否", false], ["Y", true], ["n", false], ["TRUE", true], ["0", false], ["maybe", "BAD_BOOLEAN"]])(
    "yesNo %s → %s",
    (cell, expected) => {
      expect(problem(yesNo(cell as string))).toBe(expected);
    },
  );
});
