// The /results entry as data: reading typed counts and write-ins, the order of the questions.
import { describe, expect, it } from "vitest";
import { newEntry, nextStep, previousStep, readCount, readWriteIns, sheetEntry, type ResultsEntry } from "../../src/bot/flows/results-entry.js";

describe("readCount", () => {
  it.each([
    ["1234", 1234],
    ["1,234", 1234],
    ["１２３４", 1234],
    [" 0 ", 0],
    ["1000000", 1_000_000],
    ["1000001", "TOO_LARGE"],
    ["-3", "NEGATIVE"],
    ["−3", "NEGATIVE"],
    ["12张", "NOT_A_NUMBER"],
    ["1.5", "NOT_A_NUMBER"],
    ["四百", "NOT_A_NUMBER"],
    ["", "NOT_A_NUMBER"],
  ] as const)("%s → %s", (text, expected) => {
    expect(readCount(text)).toBe(expected);
  });
});

describe("readWriteIns", () => {
  it.each([
    ["王五 12", { ok: [["王五", 12]] }],
    ["王五：12\n赵六,3\n\n买买提·艾力 1", { ok: [["王五", 12], ["赵六", 3], ["买买提·艾力", 1]] }],
    ["王五", { error: { line: "王五", problem: "NO_VOTES" } }],
    ["12", { error: { line: "12", problem: "NO_NAME" } }],
    ["王五 abc", { error: { line: "王五 abc", problem: "NOT_A_NUMBER" } }],
    ["王五 -1", { error: { line: "王五 -1", problem: "NEGATIVE" } }],
  ] as const)("%s", (text, expected) => {
    expect(readWriteIns(text)).toEqual(expected);
  });
});

describe("the order of the questions", () => {
  const base = (over: Partial<ResultsEntry> = {}): ResultsEntry => ({ ...newEntry({ id: 1, constituencyId: 1, seats: 2, ballot: ["甲", "乙"], registered: 500 }, 0), ...over });
  it("whole constituency: registered → mode → counts → each name → write-ins → summary, and back again", () => {
    const seen: string[] = [];
    let e = base({ mode: "whole" });
    while (e.step !== "summary") {
      seen.push(e.step === "vote" ? `vote${e.voteIndex}` : e.step);
      e = { ...e, ...nextStep(e) };
    }
    expect(seen).toEqual(["registered", "mode", "voted", "proxyVotes", "returned", "valid", "invalid", "vote0", "vote1", "writeIns"]);
    const back: string[] = [];
    for (let p = previousStep(e); p; p = previousStep(e)) {
      e = { ...e, ...p };
      back.push(e.step === "vote" ? `vote${e.voteIndex}` : e.step);
    }
    expect(back).toEqual(["writeIns", "vote1", "vote0", "invalid", "valid", "returned", "proxyVotes", "voted", "mode", "registered"]);
  });
  it("per polling point: after the write-ins the next part or the summary; the finished parts are the entry", () => {
    const e = base({ mode: "parts", step: "writeIns", registered: 500, cur: { label: "A", placeKind: "STATION", voted: 10, proxyVotes: 0, returned: 10, valid: 10, invalid: 0, votes: { 甲: 5 }, writeIns: [] } });
    expect(nextStep(e).step).toBe("more");
    const done = { ...e, parts: [e.cur], step: "summary" as const };
    expect(sheetEntry(done)).toEqual({ registered: 500, parts: [{ label: "A", placeKind: "STATION", pollingPlaceId: null, voted: 10, proxyVotes: 0, returned: 10, valid: 10, invalid: 0, votes: { 甲: 5 } }], writeIns: [] });
  });
});
