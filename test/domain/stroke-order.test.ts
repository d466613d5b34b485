import { describe, it, expect } from "vitest";
import { compareNames, normalizeName, sortByStrokes, type StrokeOrderOptions } from "../../src/domain/stroke-order.js";
import {
  CPC_20TH_CONGRESS_HEAD,
  HEBNU_DISCIPLINE_COMMITTEE,
  HEBNU_PARTY_COMMITTEE,
  SURNAMES_BY_STROKE_COUNT,
} from "../fixtures/stroke-order-names.js";

const BLANK_FIRST: StrokeOrderOptions = { singleGivenName: "blank-first" };

/** Deterministic shuffle (no clock, no Math.random), so failures reproduce. */
function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const sorted = (names: readonly string[], opts?: StrokeOrderOptions) =>
  sortByStrokes(shuffled(names), (n) => n, opts);

describe("compareNames: one rule at a time", () => {
  it.each([
    ["fewer strokes first", "王", "刘"], // 4 < 6
    ["equal count, first stroke type decides", "王", "毛"], // 横 before 撇
    ["equal count and first stroke, a later stroke decides", "刘", "关"], // 41… < 43…
    ["竖钩 counts as 竖 (GF 笔顺编号): 才 123 before 万 153", "才", "万"],
    ["弯钩 counts as 竖: 李 1234521 before 杨 1234533", "李", "杨"],
    ["identical sequences, left-right before top-bottom", "叭", "只"],
    ["identical sequences, top-bottom before whole", "只", "史"],
    ["identical sequences and structure, code point decides", "甲", "申"],
    ["compound surname is not summed: 欧 8 < 洪 9", "欧阳少东", "洪少东"],
    ["prefix first", "史", "史良"],
    ["equal first characters, the second decides", "马继孔", "马璧"],
    ["得 11 < 辉 12", "杨得志", "杨辉"],
    ["来 7 = 良 7, 横 before 点", "史来贺", "史良"],
  ])("%s: %s before %s", (_rule, first, second) => {
    expect(compareNames(first, second)).toBe(-1);
    expect(compareNames(second, first)).toBe(1);
  });

  it("files 司徒美堂 among the 5-stroke surnames (司), not as 司徒 summed", () => {
    expect(sorted(["刘备", "司徒美堂", "王一", "冯川"])).toEqual(["王一", "冯川", "司徒美堂", "刘备"]);
  });

  it("returns 0 for identical names, and for names equal after normalisation", () => {
    expect(compareNames("张三", "张三")).toBe(0);
    expect(compareNames("", "")).toBe(0);
    expect(compareNames("张 三", "张三")).toBe(0);
    expect(compareNames("陳小明", "陈小明")).toBe(0);
  });

  it("puts the empty name first", () => {
    expect(compareNames("", "一")).toBe(-1);
    expect(compareNames("丁", "")).toBe(1);
  });
});

describe("single given names", () => {
  it("compare-characters (default, people's congresses): the 1983 NPC presidium examples", () => {
    // 马 3, 史 5, 杨 7.
    expect(sorted(["马璧", "马继孔", "杨辉", "杨得志", "史良", "史来贺"])).toEqual([
      "马继孔", "马璧", "史来贺", "史良", "杨得志", "杨辉",
    ]);
    expect(compareNames("马继孔", "马璧")).toBe(compareNames("马继孔", "马璧", { singleGivenName: "compare-characters" }));
    expect(sorted(["丁小强", "丁铭", "丁纯", "丁宁"])).toEqual(["丁小强", "丁宁", "丁纯", "丁铭"]);
  });

  it("blank-first (party congresses): 丁宁 丁纯 丁铭 before 丁小强", () => {
    expect(sorted(["丁小强", "丁铭", "丁纯", "丁宁"], BLANK_FIRST)).toEqual(["丁宁", "丁纯", "丁铭", "丁小强"]);
    expect(compareNames("马继孔", "马璧", BLANK_FIRST)).toBe(1);
  });

  it("blank-first takes the given name after a compound surname", () => {
    // 欧阳靖's given name is 靖 alone; 欧阳 alone is surname 欧 + given 阳.
    expect(sorted(["欧阳少东", "欧阳靖", "欧小明", "欧阳"], BLANK_FIRST)).toEqual(["欧阳", "欧小明", "欧阳靖", "欧阳少东"]);
    expect(sorted(["欧阳少东", "欧阳靖"])).toEqual(["欧阳少东", "欧阳靖"]); // 少 4 < 靖 13
  });
});

describe("characters", () => {
  it.each([
    ["乜", 2],
    ["亓", 4],
    ["隗", 11],
    ["禤", 17],
    ["皙", 13],
  ])("%s has %i strokes: it sorts after every character with fewer", (char, count) => {
    const fewer = "一丁于王白刘李林赵徐黄程雷蔡潘薛戴瞿".slice(0, count - 1);
    const more = "一丁于王白刘李林赵徐黄程雷蔡潘薛戴瞿".slice(count);
    for (const c of fewer) expect(compareNames(c, char), `${c} before ${char}`).toBe(-1);
    for (const c of more) expect(compareNames(char, c), `${char} before ${c}`).toBe(-1);
  });

  it("orders the rare surnames by their full sequences", () => {
    // 丁 12 < 卜 24 < 乜 55; 王 1121 < 亓 1132.
    expect(sorted(["乜", "卜", "丁", "亓", "王"])).toEqual(["丁", "卜", "乜", "王", "亓"]);
    // 黄 1221… < 隗 5232…; 戴 1215… < 禤 4524….
    expect(sorted(["禤", "戴", "隗", "黄"])).toEqual(["黄", "隗", "戴", "禤"]);
  });

  it("sorts traditional input as its simplified form, keeping simplified characters as they are", () => {
    // 王 4, 刘 6, 张 7 (5…) before 陈 7 (52…).
    expect(sorted(["陳", "張", "劉", "王"])).toEqual(["王", "劉", "張", "陳"]);
    expect(normalizeName("劉德華")).toEqual(["刘", "德", "华"]);
    // 於 and 乾 are valid simplified characters (於 is a surname): not turned into 于 / 干.
    expect(normalizeName("於乾")).toEqual(["於", "乾"]);
  });

  it("ignores whitespace and the middle dot of minority names", () => {
    expect(normalizeName("买买提·吐尔逊")).toEqual([..."买买提吐尔逊"]);
    expect(compareNames("刘　英", "刘英")).toBe(0);
    expect(compareNames("买买提·吐尔逊", "买买提吐尔逊")).toBe(0);
  });

  it("puts unknown characters after every known one, by code point, without throwing", () => {
    expect(sorted(["Zhang", "鬣", "Anna", "王"])).toEqual(["王", "鬣", "Anna", "Zhang"]);
    expect(compareNames("王a", "王b")).toBe(-1);
    expect(compareNames("王b", "王鬣")).toBe(1);
    expect(() => compareNames("\u{20000}", "😀")).not.toThrow();
  });
});

describe("a total order", () => {
  const sample = [
    ...Object.values(SURNAMES_BY_STROKE_COUNT).join("").slice(0, 60),
    "叭", "只", "史", "央", "甲", "申", "叶", "才", "万", "A", "",
    "欧阳少东", "洪少东", "丁宁", "丁小强", "丁", "陳", "陈",
  ];

  it("is antisymmetric and transitive over a sample, in both settings", () => {
    for (const opts of [{}, BLANK_FIRST]) {
      for (const a of sample) {
        for (const b of sample) {
          expect(compareNames(a, b, opts)).toBe(-compareNames(b, a, opts) || 0);
          for (const c of sample.slice(0, 25)) {
            if (compareNames(a, b, opts) <= 0 && compareNames(b, c, opts) <= 0) {
              expect(compareNames(a, c, opts)).toBeLessThanOrEqual(0);
            }
          }
        }
      }
    }
  });

  it("sortByStrokes is stable and returns a new array", () => {
    const items = [
      { id: 1, name: "陳明" },
      { id: 2, name: "王" },
      { id: 3, name: "陈明" },
    ];
    const result = sortByStrokes(items, (i) => i.name);
    expect(result.map((i) => i.id)).toEqual([2, 1, 3]);
    expect(result).not.toBe(items);
    expect(items.map((i) => i.id)).toEqual([1, 2, 3]);
  });

});

describe("independent published and hand-built orderings (test/fixtures/stroke-order-names.ts)", () => {
  it.each([
    ["中共二十大代表名单 (Xinhua 2022), first 40", CPC_20TH_CONGRESS_HEAD],
    ["河北师范大学 第八届党委委员", HEBNU_PARTY_COMMITTEE],
    ["河北师范大学 第八届纪委委员", HEBNU_DISCIPLINE_COMMITTEE],
  ])("reproduces %s from a shuffled copy (blank-first)", (_source, names) => {
    expect(sorted(names, BLANK_FIRST)).toEqual([...names]);
  });

  it("orders 290 common surnames by stroke-count group", () => {
    const groupOf = new Map<string, number>();
    for (const [count, chars] of Object.entries(SURNAMES_BY_STROKE_COUNT)) {
      for (const c of chars) groupOf.set(c, Number(count));
    }
    const result = sorted([...groupOf.keys()]).map((c) => groupOf.get(c)!);
    expect(result).toEqual([...result].sort((a, b) => a - b));
    expect(result.length).toBe(290);
  });
});
