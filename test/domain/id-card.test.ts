import { describe, expect, it } from "vitest";
import { parseLocalDate } from "../../src/domain/dates.js";
import { ageOn, checkIdNumber, idCheckCharacter, isAdultOn } from "../../src/domain/id-card.js";

const d = parseLocalDate;
/** A real-shaped number: area 110105 (北京朝阳), birth date, sequence, computed check character. */
function idFor(birth: string, seq = "123"): string {
  const first17 = `110105${birth.replaceAll("-", "")}${seq}`;
  return first17 + idCheckCharacter(first17);
}

describe("checkIdNumber", () => {
  it.each([
    // The examples printed in GB 11643-1999 itself.
    ["11010519491231002X", "002X", "1949-12-31", "F"],
    ["440524188001010014", "0014", "1880-01-01", "M"],
  ])("accepts the standard's example %s", (id, last4, birthDate, gender) => {
    expect(checkIdNumber(id)).toEqual({ ok: true, last4, birthDate, gender });
  });

  it("accepts a lowercase x and reports it upper-cased", () => {
    expect(checkIdNumber("11010519491231002x")).toMatchObject({ ok: true, last4: "002X" });
  });

  it("takes the gender from the 17th digit", () => {
    expect(checkIdNumber(idFor("1990-03-07", "121"))).toMatchObject({ ok: true, gender: "M" });
    expect(checkIdNumber(idFor("1990-03-07", "128"))).toMatchObject({ ok: true, gender: "F" });
  });

  it("accepts a 29 February birth date in a leap year", () => {
    expect(checkIdNumber(idFor("2008-02-29"))).toMatchObject({ ok: true, birthDate: "2008-02-29" });
    expect(checkIdNumber(idFor("2000-02-29"))).toMatchObject({ ok: true, birthDate: "2000-02-29" });
  });

  it.each([
    ["", "BAD_LENGTH"],
    ["11010519491231002", "BAD_LENGTH"],
    ["11010519491231002X1", "BAD_LENGTH"],
    ["110105194912310", "BAD_LENGTH"], // the old 15-digit number is not accepted
    ["11010519491231002Y", "BAD_CHARACTERS"],
    ["1101051949123100X2", "BAD_CHARACTERS"],
    ["１１０１０５１９４９１２３１００２Ｘ", "BAD_CHARACTERS"], // full-width digits: normalise before
    ["110105199002300011", "BAD_BIRTH_DATE"], // 30 February
    ["110105200702290011", "BAD_BIRTH_DATE"], // 29 February in a common year
    ["110105199013010011", "BAD_BIRTH_DATE"],
    ["110105000001010011", "BAD_BIRTH_DATE"],
    ["110105194912310021", "BAD_CHECK_DIGIT"],
  ])("rejects %s with %s", (id, problem) => {
    expect(checkIdNumber(id)).toEqual({ ok: false, problem });
  });

  it("catches a single mistyped digit and a swap of neighbours", () => {
    const good = idFor("1985-06-15", "357");
    const typo = good.slice(0, 3) + String((Number(good[3]) + 1) % 10) + good.slice(4);
    const swap = good.slice(0, 14) + good[15] + good[14] + good.slice(16);
    expect(checkIdNumber(typo)).toEqual({ ok: false, problem: "BAD_CHECK_DIGIT" });
    expect(checkIdNumber(swap)).toEqual({ ok: false, problem: "BAD_CHECK_DIGIT" });
  });

  it("never returns the full number", () => {
    const id = idFor("1990-03-07");
    expect(JSON.stringify(checkIdNumber(id))).not.toContain(id.slice(0, 14));
  });
});

describe("ageOn / isAdultOn", () => {
  it.each([
    ["2008-11-20", "2026-11-20", 18],
    ["2008-11-21", "2026-11-20", 17],
    ["2008-11-19", "2026-11-20", 18],
    ["1990-03-07", "2026-03-06", 35],
    ["1990-03-07", "2026-03-07", 36],
    // 29 February: a year older on 1 March in common years, on 29 February in leap years.
    ["2008-02-29", "2026-02-28", 17],
    ["2008-02-29", "2026-03-01", 18],
    ["2004-02-29", "2024-02-28", 19],
    ["2004-02-29", "2024-02-29", 20],
    ["2000-02-29", "2001-02-28", 0],
    ["2000-02-29", "2001-03-01", 1],
  ])("born %s, on %s: %i", (birth, day, age) => {
    expect(ageOn(d(birth), d(day))).toBe(age);
  });

  it("is 18 on the 18th birthday itself (选举日年满十八周岁, 含当日)", () => {
    expect(isAdultOn(d("2008-12-15"), d("2026-12-15"))).toBe(true);
    expect(isAdultOn(d("2008-12-16"), d("2026-12-15"))).toBe(false);
  });

  it("a leap-day voter can vote from 1 March of their 18th year", () => {
    expect(isAdultOn(d("2008-02-29"), d("2026-02-28"))).toBe(false);
    expect(isAdultOn(d("2008-02-29"), d("2026-03-01"))).toBe(true);
  });
});
