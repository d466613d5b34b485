import { describe, it, expect } from "vitest";
import { parseLocalDate as d } from "../../src/domain/dates.js";
import {
  checkDailyLimit,
  checkSuggestionText,
  countContentCharacters,
  deadlineStats,
  nearDuplicate,
  NEAR_DUPLICATE_THRESHOLD,
  normaliseForComparison,
  satisfactionSummary,
  textSimilarity,
  type DeadlineRecord,
  type Rating,
} from "../../src/domain/suggestion-rules.js";

describe("countContentCharacters (letters and digits of any script, as graphemes; no emoji)", () => {
  it.each([
    ["", 0],
    ["   \n\t　", 0],
    ["东村路灯坏了", 6],
    ["东村 路灯，坏了！", 6],
    ["Road 5 broken", 11],
    ["ＡＢＣ１２３", 6],
    ["café", 4],
    ["cafe\u0301", 4],
    ["👍👍👍👍👍", 0],
    ["👨‍👩‍👧‍👦", 0],
    ["🇨🇳🇨🇳", 0],
    ["1️⃣2️⃣3️⃣", 0],
    ["！！！？？？……", 0],
    ["路灯💡坏了😡", 4],
    ["𠀀𠀁", 2],
    ["①②", 2],
    ["路燈壞了", 4],
  ])("%j → %i", (text, expected) => {
    expect(countContentCharacters(text)).toBe(expected);
  });
});

describe("checkSuggestionText", () => {
  const sixteen = "东村村口到小学的三盏路灯坏了一个"; // 16 characters of content
  it.each([
    ["", "EMPTY"],
    ["   ", "EMPTY"],
    ["👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍", "EMPTY"],
    ["！！！！！！！！！！！！！！！！", "EMPTY"],
    ["东村路灯坏了", "TOO_SHORT"],
    ["东村路灯坏了😡😡😡😡😡😡😡😡😡😡", "TOO_SHORT"],
    ["东 村 路 灯 坏 了 ， 快 来 修 ！", "TOO_SHORT"],
    ["一二三四五六七八九十一二三四", "TOO_SHORT"],
    ["一二三四五六七八九十一二三四五", null],
    ["  一二三四五六七八九十一二三四五  ", null],
    [sixteen, null],
    ["The street lamp at the east gate is out", null],
    ["路".repeat(2000), null],
    ["路".repeat(2001), "TOO_LONG"],
    ["路".repeat(1990) + "！".repeat(10), null],
    ["路".repeat(1990) + "！".repeat(11), "TOO_LONG"],
    ["路".repeat(1999) + "👨‍👩‍👧‍👦", null],
    ["路".repeat(1999) + "👨‍👩‍👧‍👦👍", "TOO_LONG"],
    ["\n\n" + "路".repeat(2000) + "\n\n", null],
  ])("%j → %s", (text, expected) => {
    const result = checkSuggestionText(text);
    if (expected === null) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, error: expected });
  });

  it("reports the counts and the limit", () => {
    expect(checkSuggestionText("东村路灯坏了！")).toEqual({
      ok: false,
      error: "TOO_SHORT",
      contentLength: 6,
      displayLength: 7,
      limit: 15,
    });
    expect(checkSuggestionText("东村路灯坏了！")).not.toHaveProperty("ok", true);
    expect(checkSuggestionText("东村村口到小学的三盏路灯坏了一个月")).toEqual({ ok: true, contentLength: 17, displayLength: 17 });
  });

  it.each([
    ["东村路灯坏了", { minLength: 6 }, null],
    ["东村路灯坏了", { minLength: 7 }, "TOO_SHORT"],
    ["东村村口到小学的三盏路灯坏了一个月", { maxLength: 17 }, null],
    ["东村村口到小学的三盏路灯坏了一个月", { maxLength: 16 }, "TOO_LONG"],
  ] as const)("%j with %j → %s", (text, limits, expected) => {
    const result = checkSuggestionText(text, limits);
    if (expected === null) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, error: expected });
  });
});

describe("checkDailyLimit", () => {
  it.each([
    [0, undefined, { ok: true, remaining: 4 }],
    [3, undefined, { ok: true, remaining: 1 }],
    [4, undefined, { ok: true, remaining: 0 }],
    [5, undefined, { ok: false, error: "DAILY_LIMIT_REACHED", limit: 5 }],
    [9, undefined, { ok: false, error: "DAILY_LIMIT_REACHED", limit: 5 }],
    [0, 1, { ok: true, remaining: 0 }],
    [1, 1, { ok: false, error: "DAILY_LIMIT_REACHED", limit: 1 }],
    [0, 0, { ok: false, error: "DAILY_LIMIT_REACHED", limit: 0 }],
  ])("%i sent today, %s a day → %j", (count, perDay, expected) => {
    expect(checkDailyLimit(count, perDay === undefined ? {} : { perDay })).toEqual(expected);
  });

  it.each([[-1], [1.5], [Number.NaN]])("refuses count %d", (count) => {
    expect(() => checkDailyLimit(count)).toThrow(RangeError);
  });
});

describe("normaliseForComparison", () => {
  it("folds width and case and drops punctuation, spaces and emoji", () => {
    expect(normaliseForComparison("ＡＢ c，东村 路灯！😡 12")).toEqual(["a", "b", "c", "东", "村", "路", "灯", "1", "2"]);
  });
});

describe("nearDuplicate (character-bigram Dice)", () => {
  const road = "青禾镇东村到镇上的那条路坑坑洼洼，下雨天积水严重，电动车经常摔倒，希望尽快修一修。";
  const water = "西村自来水最近一个月经常停水，而且水发黄有异味，老人孩子不敢喝，请有关部门检查一下水质。";
  const clinic = "建议在青禾镇卫生院增加夜间儿科门诊，现在晚上孩子发烧只能跑到县医院。";
  const school = "东村小学门口早晚上下学时段车辆乱停，孩子过马路很危险，建议设置减速带和护学岗。";

  it.each([
    ["the same text", road, road, true],
    ["reworded a little", road, "青禾镇东村到镇上那条路坑坑洼洼的，一下雨就积水严重，电动车经常摔倒，希望能尽快修修。", true],
    ["punctuation, spaces and width changed", school, "东村小学门口 早晚上下学时段车辆乱停!孩子过马路很危险!!建议设置减速带和护学岗", true],
    ["a sentence appended", water, water + "已经打过电话没人管。", true],
    ["a word swapped", clinic, "建议在青禾镇卫生院增加夜间儿科门诊，现在晚上小孩发烧只能跑去县医院。", true],
    ["full-width Latin and case", "Bus No.5 should stop at 东村 again", "ｂｕｓ　ｎｏ．５ ｓｈｏｕｌｄ ｓｔｏｐ ａｔ 东村 ａｇａｉｎ", true],
    ["same road, street lights", road, "青禾镇东村到镇上的那条路没有路灯，晚上学生放学回家很危险，建议安装路灯。", false],
    ["same road, speeding trucks", road, "青禾镇东村到镇上的那条路上大货车超速超载，噪音大，晚上睡不着，请交警管一管。", false],
    ["same village, rubbish", water, "西村垃圾清运不及时，垃圾桶满了好几天没人拉，夏天臭味很大。", false],
    ["same clinic, another department", clinic, "建议在青禾镇卫生院增加牙科，现在看牙只能去县医院排队。", false],
    ["unrelated", road, water, false],
    ["empty against text", "", road, false],
    ["both empty", "", "", false],
  ])("%s → %s", (_name, a, b, expected) => {
    expect(nearDuplicate(a, b)).toBe(expected);
    expect(nearDuplicate(b, a)).toBe(expected);
  });

  it.each([
    ["路灯", "路灯", 1],
    ["路灯", "路灯！", 1],
    ["路", "路", 1],
    ["路", "灯", 0],
    ["abab", "ab", 0.5],
    ["", "", 0],
  ])("textSimilarity(%j, %j) = %d", (a, b, expected) => {
    expect(textSimilarity(a, b)).toBeCloseTo(expected, 10);
  });

  it("uses the threshold given", () => {
    const a = "建议在青禾镇卫生院增加夜间儿科门诊，现在晚上孩子发烧只能跑到县医院。";
    const b = "建议在青禾镇卫生院增加牙科，现在看牙只能去县医院排队。";
    const s = textSimilarity(a, b);
    expect(s).toBeLessThan(NEAR_DUPLICATE_THRESHOLD);
    expect(nearDuplicate(a, b, s)).toBe(true);
    expect(nearDuplicate(a, b, 1)).toBe(false);
    expect(() => nearDuplicate(a, b, 0)).toThrow(RangeError);
    expect(() => nearDuplicate(a, b, 1.1)).toThrow(RangeError);
  });
});

describe("satisfactionSummary (满意率 = 满意 + 基本满意)", () => {
  const S = "SATISFIED";
  const B = "BASICALLY_SATISFIED";
  const D = "DISSATISFIED";
  it.each([
    [[], { total: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, satisfactionPercent: null }],
    [[S], { total: 1, satisfied: 1, basicallySatisfied: 0, dissatisfied: 0, satisfactionPercent: 100 }],
    [[D], { total: 1, satisfied: 0, basicallySatisfied: 0, dissatisfied: 1, satisfactionPercent: 0 }],
    [[S, B, D], { total: 3, satisfied: 1, basicallySatisfied: 1, dissatisfied: 1, satisfactionPercent: 66.7 }],
    [[B, B, B, D], { total: 4, satisfied: 0, basicallySatisfied: 3, dissatisfied: 1, satisfactionPercent: 75 }],
    [[S, S, D, D, D, D], { total: 6, satisfied: 2, basicallySatisfied: 0, dissatisfied: 4, satisfactionPercent: 33.3 }],
  ] as [Rating[], object][])("%j → %j", (ratings, expected) => {
    expect(satisfactionSummary(ratings)).toEqual(expected);
  });

  it("refuses an unknown rating", () => {
    expect(() => satisfactionSummary(["GOOD" as Rating])).toThrow(RangeError);
  });
});

describe("deadlineStats", () => {
  const rec = (assigned: string, deadline: string, answered: string | null, reopened = false): DeadlineRecord => ({
    assignedOn: d(assigned),
    deadline: d(deadline),
    answeredOn: answered === null ? null : d(answered),
    reopened,
  });

  it("is empty for no records", () => {
    expect(deadlineStats([], d("2026-07-01"))).toEqual({
      assigned: 0,
      answered: 0,
      answeredInTime: 0,
      answeredLate: 0,
      openInTime: 0,
      openOverdue: 0,
      inTimePercent: null,
      averageDaysToAnswer: null,
      reopened: 0,
      reopenedPercent: null,
    });
  });

  it("counts in time, late, open and reopened as of today", () => {
    const records = [
      rec("2026-03-10", "2026-06-10", "2026-06-10", true), // on the deadline day: in time; 92 days
      rec("2026-03-10", "2026-06-10", "2026-04-09"), // 30 days
      rec("2026-03-10", "2026-06-10", "2026-06-11"), // a day late; 93 days
      rec("2026-03-10", "2026-06-10", null), // open, overdue on 2026-07-01
      rec("2026-05-01", "2026-08-01", null), // open, in time
      rec("2026-04-01", "2026-07-01", null), // open, today is its deadline: in time
    ];
    expect(deadlineStats(records, d("2026-07-01"))).toEqual({
      assigned: 6,
      answered: 3,
      answeredInTime: 2,
      answeredLate: 1,
      openInTime: 2,
      openOverdue: 1,
      inTimePercent: 50,
      averageDaysToAnswer: 71.7,
      reopened: 1,
      reopenedPercent: 33.3,
    });
  });

  it("judges an answered record by its answer date, not today", () => {
    const s = deadlineStats([rec("2026-11-30", "2027-02-28", "2027-02-28")], d("2027-12-31"));
    expect(s).toMatchObject({ answeredInTime: 1, answeredLate: 0, inTimePercent: 100, averageDaysToAnswer: 90 });
  });
});
