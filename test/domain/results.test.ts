import { describe, it, expect } from "vitest";
import { candidateRange } from "../../src/domain/candidate-rules.js";
import {
  DEFAULT_RESULT_RULES,
  RESULT_REASONS,
  countResult,
  countRevote,
  type CountInput,
  type CountResult,
  type ResultReason,
  type ResultRules,
} from "../../src/domain/results.js";

/** A congress first round, 1 seat, 1000 registered, 600 voted and returned; override as needed. */
function congress(over: Partial<CountInput> = {}): CountInput {
  return { kind: "congress", round: "first", seats: 1, registered: 1000, voted: 600, returned: 600, votes: {}, ...over };
}

function village(over: Partial<CountInput> = {}): CountInput {
  return congress({ kind: "village", seats: 5, ...over });
}

/** A round of 100 voters out of 150 registered, all ballots returned. */
function hundred(over: Partial<CountInput> = {}): CountInput {
  return congress({ registered: 150, voted: 100, returned: 100, ...over });
}

describe("reason codes", () => {
  it("are the stable machine codes the bot translates", () => {
    expect(RESULT_REASONS).toEqual(["RETURNED_EXCEEDS_VOTED", "TURNOUT_NOT_MAJORITY"]);
  });
});

describe("void round: more ballots returned than voters voted (选举法 44)", () => {
  it.each<[string, CountInput, ResultReason | null]>([
    ["returned = voted: counted", congress({ returned: 600, votes: { 甲: 400 } }), null],
    ["returned < voted: counted", congress({ returned: 590, votes: { 甲: 400 } }), null],
    ["returned = voted + 1: void", congress({ returned: 601, votes: { 甲: 400 } }), "RETURNED_EXCEEDS_VOTED"],
    ["void even with a clear winner", congress({ returned: 700, votes: { 甲: 599 } }), "RETURNED_EXCEEDS_VOTED"],
    // Stuffed ballots can give a name more votes than voters; that is a void round, not an input error.
    ["a name above voted but within returned: void", congress({ returned: 620, votes: { 甲: 610 } }), "RETURNED_EXCEEDS_VOTED"],
    ["reported before a failed turnout", congress({ voted: 400, returned: 401 }), "RETURNED_EXCEEDS_VOTED"],
    ["village: void alike (浙江 27, 上海 19)", village({ returned: 601, votes: { 甲: 400 } }), "RETURNED_EXCEEDS_VOTED"],
    ["further round: void alike", congress({ round: "further", returned: 601 }), "RETURNED_EXCEEDS_VOTED"],
  ])("%s", (_label, input, reason) => {
    const result = countResult(input);
    if (reason === null) {
      expect(result.valid).toBe(true);
      expect(result.reason).toBeUndefined();
    } else {
      expect(result).toEqual({ valid: false, reason, elected: [] });
    }
  });
});

describe("turnout: more than half of the registered voters (选举法 45, 村委会组织法 15)", () => {
  it.each<[string, CountInput, boolean]>([
    ["1000 registered, 500 voted (exactly half): void", congress({ voted: 500, returned: 500 }), false],
    ["1000 registered, 501 voted: valid", congress({ voted: 501, returned: 501 }), true],
    ["999 registered, 499 voted: void", congress({ registered: 999, voted: 499, returned: 499 }), false],
    ["999 registered, 500 voted: valid", congress({ registered: 999, voted: 500, returned: 500 }), true],
    ["all voted", congress({ voted: 1000, returned: 1000 }), true],
    ["nobody registered or voted: void", congress({ registered: 0, voted: 0, returned: 0 }), false],
    ["turnout counts voters, not ballots returned", congress({ voted: 501, returned: 400 }), true],
    ["village, exactly half: void", village({ voted: 500, returned: 500 }), false],
    ["village, half + 1: valid", village({ voted: 501, returned: 501 }), true],
    ["further round, exactly half: void", congress({ round: "further", voted: 500, returned: 500 }), false],
    ["further round, half + 1: valid", congress({ round: "further", voted: 501, returned: 501 }), true],
  ])("%s", (_label, input, valid) => {
    const result = countResult(input);
    expect(result.valid).toBe(valid);
    if (!valid) expect(result).toEqual({ valid: false, reason: "TURNOUT_NOT_MAJORITY", elected: [] });
  });
});

describe("majority: more than half of those who voted (选举法 45 ¶1, 村委会组织法 15)", () => {
  // 600 voted; 580 ballots returned (20 taken but not returned): the denominator stays 600.
  it.each<[string, CountInput, string[]]>([
    ["exactly half of voted (300/600): not elected", congress({ returned: 580, votes: { 甲: 300, 乙: 250 } }), []],
    ["half + 1 (301/600): elected", congress({ returned: 580, votes: { 甲: 301, 乙: 250 } }), ["甲"]],
    ["over half of returned (291/580) but not of voted: not elected", congress({ returned: 580, votes: { 甲: 291 } }), []],
    ["odd voted 601: 300 is not a majority", congress({ voted: 601, returned: 601, votes: { 甲: 300 } }), []],
    ["odd voted 601: 301 is a majority", congress({ voted: 601, returned: 601, votes: { 甲: 301 } }), ["甲"]],
    ["village, exactly half: not elected", village({ seats: 3, votes: { 甲: 300, 乙: 301, 丙: 350 } }), ["丙", "乙"]],
    ["village, denominator is voted", village({ seats: 3, returned: 580, votes: { 甲: 291, 乙: 301, 丙: 350 } }), ["丙", "乙"]],
  ])("%s", (_label, input, elected) => {
    expect(countResult(input).elected).toEqual(elected);
  });
});

describe("more majority winners than seats: the highest win, a tie at the cut is voted again (选举法 45 ¶3)", () => {
  it.each<[string, CountInput, string[], string[] | undefined]>([
    ["1 seat, one majority", hundred({ votes: { 甲: 51, 乙: 49 } }), ["甲"], undefined],
    ["2 seats, 3 majorities: top 2", hundred({ seats: 2, votes: { 甲: 70, 乙: 60, 丙: 55 } }), ["甲", "乙"], undefined],
    ["2 seats, tie inside the seats", hundred({ seats: 2, votes: { 甲: 60, 乙: 60, 丙: 55 } }), ["甲", "乙"], undefined],
    ["2 seats, 2 tied at the cut", hundred({ seats: 2, votes: { 甲: 70, 乙: 60, 丙: 60 } }), ["甲"], ["乙", "丙"]],
    ["2 seats, 3 tied for both seats", hundred({ seats: 2, votes: { 甲: 60, 乙: 60, 丙: 60 } }), [], ["甲", "乙", "丙"]],
    ["3 seats, 3 tied at the cut", hundred({ seats: 3, votes: { 甲: 80, 乙: 60, 丙: 60, 丁: 60 } }), ["甲"], ["乙", "丙", "丁"]],
    ["3 seats, 2 tied for the last seat", hundred({ seats: 3, votes: { 甲: 80, 乙: 70, 丙: 60, 丁: 60 } }), ["甲", "乙"], ["丙", "丁"]],
    // 丙 has exactly half: not a majority, so not part of the tie.
    ["a tie with a non-majority is no tie", hundred({ seats: 2, votes: { 甲: 60, 乙: 55, 丙: 50 } }), ["甲", "乙"], undefined],
    ["village, 5 seats, 2 tied at the cut", village({ votes: { 甲: 500, 乙: 490, 丙: 480, 丁: 470, 戊: 400, 己: 400 } }), ["甲", "乙", "丙", "丁"], ["戊", "己"]],
  ])("%s", (_label, input, elected, revote) => {
    const result = countResult(input);
    expect(result.elected).toEqual(elected);
    expect(result.revote).toEqual(revote);
    expect(result.furtherElection).toBeUndefined();
  });
});

describe("write-ins (选举法 41: 另选其他任何选民)", () => {
  it.each<[string, CountInput, Partial<CountResult>]>([
    ["a write-in with a majority is elected", hundred({ votes: { 甲: 30, 乙: 14, 王五: 55 } }), { elected: ["王五"] }],
    [
      "a write-in ranks for the further-election list",
      hundred({ votes: { 甲: 40, 王五: 35, 乙: 20 } }),
      { elected: [], furtherElection: { seats: 1, candidates: ["甲", "王五"] } },
    ],
    [
      "a write-in wins a further round",
      hundred({ round: "further", votes: { 甲: 30, 乙: 20, 王五: 45 } }),
      { elected: ["王五"] },
    ],
  ])("%s", (_label, input, expected) => {
    expect(countResult(input)).toMatchObject({ valid: true, ...expected });
  });
});

describe("fewer winners than seats: 另行选举 list by first-round rank (选举法 45 ¶4, 31)", () => {
  const seven = { 甲: 45, 乙: 44, 丙: 43, 丁: 30, 戊: 20, 己: 10, 庚: 5 }; // 197 votes: fits 2 seats × 100
  it.each<[string, CountInput, ResultRules | undefined, CountResult]>([
    [
      "1 seat, nobody elected: two candidates",
      hundred({ votes: { 甲: 45, 乙: 40, 丙: 10 } }),
      undefined,
      { valid: true, elected: [], furtherElection: { seats: 1, candidates: ["甲", "乙"] } },
    ],
    [
      "1 seat: max is also two",
      hundred({ votes: { 甲: 45, 乙: 40, 丙: 10 } }),
      { furtherListSize: "max" },
      { valid: true, elected: [], furtherElection: { seats: 1, candidates: ["甲", "乙"] } },
    ],
    [
      "2 seats, 1 elected: two candidates for the other seat",
      hundred({ seats: 2, votes: { 甲: 60, 乙: 45, 丙: 40, 丁: 30, 戊: 10 } }),
      undefined,
      { valid: true, elected: ["甲"], furtherElection: { seats: 1, candidates: ["乙", "丙"] } },
    ],
    [
      "2 seats, none elected: min 3",
      hundred({ seats: 2, votes: seven }),
      undefined,
      { valid: true, elected: [], furtherElection: { seats: 2, candidates: ["甲", "乙", "丙"] } },
    ],
    [
      "2 seats, none elected: max 4",
      hundred({ seats: 2, votes: seven }),
      { furtherListSize: "max" },
      { valid: true, elected: [], furtherElection: { seats: 2, candidates: ["甲", "乙", "丙", "丁"] } },
    ],
    [
      "3 seats, none elected: min 4",
      hundred({ seats: 3, votes: seven }),
      undefined,
      { valid: true, elected: [], furtherElection: { seats: 3, candidates: ["甲", "乙", "丙", "丁"] } },
    ],
    [
      "3 seats, none elected: max 6",
      hundred({ seats: 3, votes: seven }),
      { furtherListSize: "max" },
      { valid: true, elected: [], furtherElection: { seats: 3, candidates: ["甲", "乙", "丙", "丁", "戊", "己"] } },
    ],
    [
      "3 seats, 1 elected: min 3 for 2 seats",
      hundred({ seats: 3, votes: { 辛: 60, ...seven } }),
      undefined,
      { valid: true, elected: ["辛"], furtherElection: { seats: 2, candidates: ["甲", "乙", "丙"] } },
    ],
    [
      "2 tied at the list cut-off: both included and flagged",
      hundred({ votes: { 甲: 40, 乙: 30, 丙: 30 } }),
      undefined,
      { valid: true, elected: [], furtherElection: { seats: 1, candidates: ["甲", "乙", "丙"], tiedAtCutoff: ["乙", "丙"] } },
    ],
    [
      "3 tied at the list cut-off: all included and flagged",
      hundred({ votes: { 甲: 40, 乙: 20, 丙: 20, 丁: 20 } }),
      undefined,
      {
        valid: true,
        elected: [],
        furtherElection: { seats: 1, candidates: ["甲", "乙", "丙", "丁"], tiedAtCutoff: ["乙", "丙", "丁"] },
      },
    ],
    [
      "a tie above the cut-off is no cut-off tie",
      hundred({ votes: { 甲: 40, 乙: 40, 丙: 10 } }),
      undefined,
      { valid: true, elected: [], furtherElection: { seats: 1, candidates: ["甲", "乙"] } },
    ],
    [
      "too few not-elected names: all of them",
      hundred({ seats: 2, votes: { 甲: 60, 乙: 40 } }),
      undefined,
      { valid: true, elected: ["甲"], furtherElection: { seats: 1, candidates: ["乙"] } },
    ],
    [
      "nobody named at all: an empty list",
      hundred({ votes: {} }),
      undefined,
      { valid: true, elected: [], furtherElection: { seats: 1, candidates: [] } },
    ],
    [
      "village, 5 seats, 1 elected: 4 seats, 5 candidates (margin 1)",
      village({ votes: { 甲: 400, 乙: 290, 丙: 280, 丁: 270, 戊: 260, 己: 250, 庚: 240 } }),
      undefined,
      { valid: true, elected: ["甲"], furtherElection: { seats: 4, candidates: ["乙", "丙", "丁", "戊", "己"] } },
    ],
    [
      "village, provincial margin 2 (e.g. 上海 +1..3)",
      village({ votes: { 甲: 400, 乙: 290, 丙: 280, 丁: 270, 戊: 260, 己: 250, 庚: 240 } }),
      { villageFurtherMargin: 2 },
      { valid: true, elected: ["甲"], furtherElection: { seats: 4, candidates: ["乙", "丙", "丁", "戊", "己", "庚"] } },
    ],
    [
      "village, 7 seats, none elected: 8 candidates",
      village({ seats: 7, votes: { a: 9, b: 8, c: 7, d: 6, e: 5, f: 4, g: 3, h: 2, i: 1 } }),
      undefined,
      { valid: true, elected: [], furtherElection: { seats: 7, candidates: ["a", "b", "c", "d", "e", "f", "g", "h"] } },
    ],
  ])("%s", (_label, input, rules, expected) => {
    expect(countResult(input, rules)).toEqual(expected);
  });

  it("congress list sizes come from candidateRange", () => {
    for (const seats of [1, 2, 3]) {
      const votes = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`c${i}`, 12 - i]));
      const result = countResult(hundred({ seats, votes }));
      expect(result.furtherElection?.candidates).toHaveLength(candidateRange(seats).min);
    }
  });
});

describe("further round: most votes, at least one third of the ballots (选举法 45 ¶5, 村委会组织法 15)", () => {
  // 100 voted, 90 returned: one third of returned = 30, of voted = 33⅓.
  const further = (over: Partial<CountInput>): CountInput =>
    hundred({ round: "further", returned: 90, ...over });
  it.each<[string, CountInput, ResultRules | undefined, CountResult]>([
    ["exactly one third of returned (30/90): elected", further({ votes: { 甲: 30, 乙: 25 } }), undefined, { valid: true, elected: ["甲"] }],
    ["just under (29/90): vacant", further({ votes: { 甲: 29, 乙: 25 } }), undefined, { valid: true, elected: [], vacantSeats: 1 }],
    ["base voted: 33/100 is not enough", further({ votes: { 甲: 33, 乙: 25 } }), { furtherThresholdBase: "voted" }, { valid: true, elected: [], vacantSeats: 1 }],
    ["base voted: 34/100 is enough", further({ votes: { 甲: 34, 乙: 25 } }), { furtherThresholdBase: "voted" }, { valid: true, elected: ["甲"] }],
    ["no majority needed: the most votes win", further({ votes: { 甲: 40, 乙: 35 } }), undefined, { valid: true, elected: ["甲"] }],
    ["2 seats: both above a third", further({ seats: 2, votes: { 甲: 40, 乙: 35, 丙: 20 } }), undefined, { valid: true, elected: ["甲", "乙"] }],
    ["2 seats: one above a third, one vacant", further({ seats: 2, votes: { 甲: 40, 乙: 29, 丙: 20 } }), undefined, { valid: true, elected: ["甲"], vacantSeats: 1 }],
    ["2 tied at the cut: re-vote", further({ votes: { 甲: 40, 乙: 40 } }), undefined, { valid: true, elected: [], revote: ["甲", "乙"] }],
    ["3 tied at the cut: re-vote", further({ votes: { 甲: 30, 乙: 30, 丙: 30 } }), undefined, { valid: true, elected: [], revote: ["甲", "乙", "丙"] }],
    ["2 seats, 2 tied for the second", further({ seats: 2, votes: { 甲: 50, 乙: 35, 丙: 35 } }), undefined, { valid: true, elected: ["甲"], revote: ["乙", "丙"] }],
    ["tied below a third: no re-vote, vacant", further({ votes: { 甲: 20, 乙: 20 } }), undefined, { valid: true, elected: [], vacantSeats: 1 }],
    ["nobody named: vacant", further({ votes: {} }), undefined, { valid: true, elected: [], vacantSeats: 1 }],
    [
      "congress, rule furtherElection: another list",
      further({ seats: 2, votes: { 甲: 40, 乙: 29, 丙: 20, 丁: 5 } }),
      { afterFurtherShortfall: "furtherElection" },
      { valid: true, elected: ["甲"], furtherElection: { seats: 1, candidates: ["乙", "丙"] } },
    ],
    [
      "village default: another further election",
      further({ kind: "village", seats: 2, votes: { 甲: 40, 乙: 29, 丙: 20, 丁: 5 } }),
      undefined,
      { valid: true, elected: ["甲"], furtherElection: { seats: 1, candidates: ["乙", "丙"] } },
    ],
    [
      "village, rule vacant (three members already elected)",
      further({ kind: "village", seats: 2, votes: { 甲: 40, 乙: 29, 丙: 20 } }),
      { afterFurtherShortfall: "vacant" },
      { valid: true, elected: ["甲"], vacantSeats: 1 },
    ],
    [
      "village, exactly one third of ballots cast (已投选票总数)",
      further({ kind: "village", seats: 1, votes: { 甲: 30, 乙: 29 } }),
      undefined,
      { valid: true, elected: ["甲"] },
    ],
  ])("%s", (_label, input, rules, expected) => {
    expect(countResult(input, rules)).toEqual(expected);
  });
});

describe("village committees (村民委员会组织法 6, 15)", () => {
  it.each<[string, CountInput, string[]]>([
    ["3 seats", village({ seats: 3, votes: { 甲: 400, 乙: 350, 丙: 310, 丁: 200 } }), ["甲", "乙", "丙"]],
    ["7 seats", village({ seats: 7, votes: { a: 500, b: 490, c: 480, d: 470, e: 460, f: 450, g: 440, h: 430 } }), ["a", "b", "c", "d", "e", "f", "g"]],
    ["9 seats: no 1–3 limit", village({ seats: 9, votes: { a: 500 } }), ["a"]],
    ["1 seat in a further round", village({ seats: 1, round: "further", votes: { a: 250, b: 240 } }), ["a"]],
  ])("%s", (_label, input, elected) => {
    expect(countResult(input).elected).toEqual(elected);
  });
});

describe("invalid input throws a RangeError", () => {
  it.each<[string, CountInput, RegExp]>([
    ["congress 0 seats", congress({ seats: 0 }), /1–3 delegates \(选举法 25\)/],
    ["congress 4 seats", congress({ seats: 4 }), /1–3 delegates \(选举法 25\)/],
    ["congress 1.5 seats", congress({ seats: 1.5 }), /1–3 delegates/],
    ["village 0 seats", village({ seats: 0 }), /seats must be a positive integer/],
    ["village 2.5 seats", village({ seats: 2.5 }), /seats must be a positive integer/],
    ["negative registered", congress({ registered: -1 }), /registered must be a non-negative integer/],
    ["fractional voted", congress({ voted: 600.5 }), /voted must be a non-negative integer/],
    ["NaN returned", congress({ returned: Number.NaN }), /returned must be a non-negative integer/],
    ["voted above registered", congress({ voted: 1001, returned: 1000 }), /cannot exceed registered/],
    ["negative votes", congress({ votes: { 甲: -1 } }), /non-negative integer/],
    ["fractional votes", congress({ votes: { 甲: 1.5 } }), /non-negative integer/],
    ["votes above voted (returned = voted)", congress({ votes: { 甲: 601 } }), /exceed the ballots returned \(600\) and the voters who voted \(600\)/],
    ["votes above returned", congress({ returned: 500, votes: { 甲: 501 } }), /exceed the ballots returned \(500\)/],
    ["total above returned × seats", congress({ seats: 2, votes: { 甲: 600, 乙: 600, 丙: 1 } }), /1201\) exceed ballots returned × seats/],
    ["empty name", congress({ votes: { "": 1 } }), /names must not be empty/],
    ["blank name", congress({ votes: { "  ": 1 } }), /names must not be empty/],
    ["untrimmed name", congress({ votes: { "张三 ": 1 } }), /leading or trailing whitespace/],
    ["unknown kind", congress({ kind: "party" as CountInput["kind"] }), /kind must be/],
    ["unknown round", congress({ round: "second" as CountInput["round"] }), /round must be/],
  ])("%s", (_label, input, message) => {
    expect(() => countResult(input)).toThrow(RangeError);
    expect(() => countResult(input)).toThrow(message);
  });

  it.each<[string, ResultRules, RegExp]>([
    ["margin 0", { villageFurtherMargin: 0 }, /villageFurtherMargin must be a positive integer/],
    ["margin 1.5", { villageFurtherMargin: 1.5 }, /villageFurtherMargin/],
    ["list size", { furtherListSize: "mid" as "min" }, /furtherListSize/],
    ["threshold base", { furtherThresholdBase: "valid" as "voted" }, /furtherThresholdBase/],
    ["shortfall", { afterFurtherShortfall: "retry" as "vacant" }, /afterFurtherShortfall/],
  ])("bad rule: %s", (_label, rules, message) => {
    expect(() => countResult(congress(), rules)).toThrow(RangeError);
    expect(() => countResult(congress(), rules)).toThrow(message);
  });

  it("exposes its defaults", () => {
    expect(DEFAULT_RESULT_RULES).toEqual({
      furtherListSize: "min",
      villageFurtherMargin: 1,
      furtherThresholdBase: "returned",
      afterFurtherShortfall: { congress: "vacant", village: "furtherElection" },
    });
  });
});

describe("properties over simulated counts", () => {
  /** Deterministic PRNG (mulberry32) so failures reproduce. */
  function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** Casts real ballots, so every generated input is one a count could produce. */
  function simulate(random: () => number): CountInput {
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const kind = random() < 0.5 ? "congress" : "village";
    const seats = kind === "congress" ? int(1, 3) : int(1, 7);
    const registered = int(0, 60);
    const voted = int(0, registered);
    const returned = int(0, voted + (random() < 0.1 ? 2 : 0));
    const pool = Array.from({ length: int(0, 9) }, (_, i) => `候选${i}`);
    const votes: Record<string, number> = {};
    // A few names with no votes at all, as formal candidates can have.
    for (const name of pool) if (random() < 0.2) votes[name] = 0;
    for (let b = 0; b < returned; b++) {
      const marks = new Set<string>();
      const wanted = int(0, seats);
      for (let m = 0; m < wanted && pool.length > 0; m++) marks.add(pool[int(0, pool.length - 1)]!);
      for (const name of marks) votes[name] = (votes[name] ?? 0) + 1;
    }
    return { kind, round: random() < 0.5 ? "first" : "further", seats, registered, voted, returned, votes };
  }

  const random = rng(20240607);
  const cases = Array.from({ length: 2000 }, () => simulate(random));

  it("hold for every simulated count", () => {
    for (const input of cases) {
      const copy = structuredClone(input);
      const result = countResult(input);
      expect(input).toEqual(copy); // input untouched
      expect(countResult(input)).toEqual(result); // deterministic

      const { seats } = input;
      const elected = new Set(result.elected);
      expect(elected.size).toBe(result.elected.length);
      expect(result.elected.length).toBeLessThanOrEqual(seats);
      for (const name of result.elected) expect(input.votes).toHaveProperty([name]);

      if (!result.valid) {
        expect(result.reason).toBeDefined();
        expect(result.elected).toEqual([]);
        continue;
      }
      expect(result.reason).toBeUndefined();

      const open = seats - result.elected.length;
      const outcomes = [result.revote, result.furtherElection, result.vacantSeats].filter((o) => o !== undefined);
      expect(outcomes.length).toBe(open === 0 ? 0 : 1);

      if (result.revote) {
        expect(result.revote.some((n) => elected.has(n))).toBe(false); // elected ∩ revote = ∅
        expect(result.revote.length).toBeGreaterThan(open); // more tied than seats left for them
        expect(new Set(result.revote.map((n) => input.votes[n])).size).toBe(1);
      }
      if (result.furtherElection) {
        // No seats are reserved for a re-vote when there is a further election.
        expect(result.furtherElection.seats).toBe(open);
        expect(result.furtherElection.candidates.some((n) => elected.has(n))).toBe(false);
        for (const t of result.furtherElection.tiedAtCutoff ?? []) {
          expect(result.furtherElection.candidates).toContain(t);
        }
      }
      if (result.vacantSeats !== undefined) {
        expect(input.kind === "congress" && input.round === "further").toBe(true);
        expect(result.vacantSeats).toBe(open);
      }
      // Everyone elected has at least as many votes as anyone not elected.
      const minElected = Math.min(...result.elected.map((n) => input.votes[n]!));
      for (const [name, v] of Object.entries(input.votes)) {
        if (!elected.has(name)) expect(v).toBeLessThanOrEqual(minElected);
      }
    }
  });

  it("cover the interesting outcomes", () => {
    const results = cases.map((c) => countResult(c));
    expect(results.some((r) => r.reason === "RETURNED_EXCEEDS_VOTED")).toBe(true);
    expect(results.some((r) => r.reason === "TURNOUT_NOT_MAJORITY")).toBe(true);
    expect(results.some((r) => r.revote)).toBe(true);
    expect(results.some((r) => r.furtherElection?.tiedAtCutoff)).toBe(true);
    expect(results.some((r) => r.vacantSeats)).toBe(true);
    expect(results.some((r) => r.valid && r.elected.length > 0)).toBe(true);
  });
});

describe("re-vote among the tied (选举法 45 ¶3): most votes win, no majority needed", () => {
  const base = { kind: "congress" as const, seats: 1, registered: 1000, voted: 800, returned: 800 };
  it.each([
    ["the most votes win", { 甲: 300, 乙: 290 }, ["甲", "乙"], { valid: true, elected: ["甲"] }],
    ["without a majority", { 甲: 200, 乙: 190, 丙: 150 }, ["甲", "乙"], { valid: true, elected: ["甲"] }],
    ["write-ins count for nobody", { 丙: 700, 甲: 50, 乙: 40 }, ["甲", "乙"], { valid: true, elected: ["甲"] }],
    ["tied again → re-vote again", { 甲: 300, 乙: 300 }, ["甲", "乙"], { valid: true, elected: [], revote: ["甲", "乙"] }],
    ["nobody voted for → re-vote again", {}, ["甲", "乙"], { valid: true, elected: [], revote: ["甲", "乙"] }],
  ] as const)("%s", (_label, votes, tied, expected) => {
    expect(countRevote({ ...base, votes: { ...votes }, tied: [...tied] })).toEqual(expected);
  });
  it("two seats, one clear winner and a tie for the second → re-vote among that tie", () => {
    expect(countRevote({ ...base, seats: 2, votes: { 甲: 400, 乙: 300, 丙: 300 }, tied: ["甲", "乙", "丙"] })).toEqual({ valid: true, elected: ["甲"], revote: ["乙", "丙"] });
  });
  it("void like any round: stuffed box, turnout not above half", () => {
    expect(countRevote({ ...base, returned: 801, votes: {}, tied: ["甲", "乙"] }).reason).toBe("RETURNED_EXCEEDS_VOTED");
    expect(countRevote({ ...base, voted: 500, returned: 500, votes: {}, tied: ["甲", "乙"] }).reason).toBe("TURNOUT_NOT_MAJORITY");
  });
  it("needs the tied list", () => {
    expect(() => countRevote({ ...base, votes: {}, tied: [] })).toThrow(RangeError);
  });
});
