/**
 * The 18-character resident identity number (公民身份号码, GB 11643-1999) and the voting age.
 *
 * Layout: 6-digit area code, 8-digit birth date YYYYMMDD, 3-digit sequence (odd = male, even =
 * female), 1 check character (ISO 7064 MOD 11-2). The area code is not checked: it is the area
 * at first registration, codes are withdrawn over time, and the roll does not depend on it.
 *
 * Callers keep only `last4` (RollEntry.idLast4): the full number must never be stored or logged,
 * so no result here contains it.
 */
import { localDate, type LocalDate } from "./dates.js";

export type IdNumberProblem = "BAD_LENGTH" | "BAD_CHARACTERS" | "BAD_BIRTH_DATE" | "BAD_CHECK_DIGIT";

export interface IdNumberFacts {
  /** The last four characters, with a check character x upper-cased: "123X". */
  last4: string;
  birthDate: LocalDate;
  /** From the 17th digit: odd M, even F. */
  gender: "M" | "F";
}

export type IdNumberCheck = ({ ok: true } & IdNumberFacts) | { ok: false; problem: IdNumberProblem };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = "10X98765432";
// No 18-digit number was ever issued to someone born before this; it keeps "00000101" out.
const EARLIEST_BIRTH_YEAR = 1850;

/** The check character for the first 17 digits (throws on anything but 17 ASCII digits). */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError("idCheckCharacter: expected 17 digits");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/**
 * Checks an identity number exactly as given (the caller strips spaces). Problems are reported
 * in this order: length, characters, birth date, check character, so a typo in the date is named
 * as such rather than as a wrong check digit.
 */
export function checkIdNumber(id: string): IdNumberCheck {
  if (id.length !== 18) return { ok: false, problem: "BAD_LENGTH" };
  if (!/^\d{17}[\dXx]$/.test(id)) return { ok: false, problem: "BAD_CHARACTERS" };
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  let birthDate: LocalDate;
  try {
    if (year < EARLIEST_BIRTH_YEAR) return { ok: false, problem: "BAD_BIRTH_DATE" };
    birthDate = localDate(year, month, day);
  } catch {
    return { ok: false, problem: "BAD_BIRTH_DATE" };
  }
  const check = id[17]!.toUpperCase();
  if (idCheckCharacter(id.slice(0, 17)) !== check) return { ok: false, problem: "BAD_CHECK_DIGIT" };
  return {
    ok: true,
    last4: id.slice(14, 17) + check,
    birthDate,
    gender: Number(id[16]) % 2 === 1 ? "M" : "F",
  };
}

/**
 * Age in full years (周岁) on `day`. A year is complete on the birthday itself: election notices
 * put the voting age as "在选举日年满十八周岁（YYYY年M月D日以前出生，含当日）", i.e. born on or
 * before the same calendar date 18 years before election day.
 *
 * Born on 29 February: in a common year there is no 29 February, and the person becomes a year
 * older on 1 March. Both readings used in China agree on that: "born on or before the same date N
 * years earlier" (28 Feb is before 29 Feb), and Civil Code art. 201 (a period counted in years
 * with no corresponding day ends on the last day of the month, so the year runs through 28 Feb and
 * is full from 1 March).
 */
export function ageOn(birthDate: LocalDate, day: LocalDate): number {
  const by = Number(birthDate.slice(0, 4));
  const dy = Number(day.slice(0, 4));
  // "MM-DD" strings compare like the dates they name; "02-28" < "02-29" < "03-01" gives 1 March.
  const hadBirthday = day.slice(5) >= birthDate.slice(5);
  return dy - by - (hadBirthday ? 0 : 1);
}

/** Voting age reached (选举法 3: 年满十八周岁) on election day. */
export function isAdultOn(birthDate: LocalDate, electionDay: LocalDate): boolean {
  return ageOn(birthDate, electionDay) >= 18;
}
