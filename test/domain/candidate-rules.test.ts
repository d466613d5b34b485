import { describe, it, expect } from "vitest";
import {
  CONSTITUENCY_SEATS,
  candidateRange,
  checkCandidateCount,
  checkSeats,
  type CandidateCountCheck,
  type SeatsCheck,
} from "../../src/domain/candidate-rules.js";

describe("checkSeats (选举法 25: 1–3 per constituency)", () => {
  it.each<[number, SeatsCheck]>([
    [1, "OK"],
    [2, "OK"],
    [3, "OK"],
    [0, "TOO_FEW"],
    [-1, "TOO_FEW"],
    [4, "TOO_MANY"],
    [100, "TOO_MANY"],
    [1.5, "NOT_AN_INTEGER"],
    [Number.NaN, "NOT_AN_INTEGER"],
    [Number.POSITIVE_INFINITY, "NOT_AN_INTEGER"],
  ])("checkSeats(%d) = %s", (seats, expected) => {
    expect(checkSeats(seats)).toBe(expected);
  });

  it("names the lawful bounds", () => {
    expect(CONSTITUENCY_SEATS).toEqual({ min: 1, max: 3 });
  });
});

describe("candidateRange (选举法 31: seats + ⌈seats/3⌉ … 2 × seats)", () => {
  it.each([
    [1, 2, 2],
    [2, 3, 4],
    [3, 4, 6],
  ])("%i seat(s): %i to %i candidates", (seats, min, max) => {
    expect(candidateRange(seats)).toEqual({ min, max });
  });

  it.each([0, 4, -1, 1.5, Number.NaN])("throws RangeError for %d seats", (seats) => {
    expect(() => candidateRange(seats)).toThrow(RangeError);
    expect(() => candidateRange(seats)).toThrow(/1–3 delegates \(选举法 25\)/);
  });
});

describe("checkCandidateCount", () => {
  it.each<[number, number, CandidateCountCheck["status"]]>([
    [1, 0, "TOO_FEW"],
    [1, 1, "TOO_FEW"],
    [1, 2, "OK"],
    [1, 3, "TOO_MANY"],
    [2, 2, "TOO_FEW"],
    [2, 3, "OK"],
    [2, 4, "OK"],
    [2, 5, "TOO_MANY"],
    [3, 3, "TOO_FEW"],
    [3, 4, "OK"],
    [3, 5, "OK"],
    [3, 6, "OK"],
    [3, 7, "TOO_MANY"],
    [3, 12, "TOO_MANY"],
  ])("%i seat(s), %i candidate(s): %s", (seats, count, status) => {
    expect(checkCandidateCount(seats, count)).toEqual({ status, ...candidateRange(seats) });
  });

  it("returns the range for the message", () => {
    expect(checkCandidateCount(2, 5)).toEqual({ status: "TOO_MANY", min: 3, max: 4 });
  });

  it.each([
    [2, -1, /non-negative integer/],
    [2, 2.5, /non-negative integer/],
    [2, Number.NaN, /non-negative integer/],
    [4, 5, /选举法 25/],
    [0, 0, /选举法 25/],
  ])("throws RangeError for %d seats, %d candidates", (seats, count, message) => {
    expect(() => checkCandidateCount(seats, count)).toThrow(RangeError);
    expect(() => checkCandidateCount(seats, count)).toThrow(message);
  });
});
