import { describe, expect, it } from "vitest";
import {
  chineseWords,
  englishWords,
  fuzzyPinyinOf,
  normalise,
  repairHomophones,
  segmenter,
  stem,
  toSimplified,
} from "../../../src/services/faq-search/text.js";

describe("faq-search text", () => {
  it("loads the jieba dictionary once, in reasonable time and memory (reported, not asserted)", () => {
    const rss = process.memoryUsage().rss;
    const t0 = performance.now();
    segmenter();
    const ms = performance.now() - t0;
    const t1 = performance.now();
    segmenter();
    console.log(`jieba dictionary load: ${ms.toFixed(0)} ms, +${((process.memoryUsage().rss - rss) / 1e6).toFixed(0)} MB RSS; second call ${(performance.now() - t1).toFixed(3)} ms`);
  });

  it("normalises full-width, case, punctuation and emoji", () => {
    expect(normalise("ＡＢＣ１２３！")).toBe("abc123");
    expect(normalise("  代投？？？😀👍🏽 ")).toBe("代投");
    expect(normalise("Can't  VOTE...")).toBe("cant vote");
    expect(normalise("选民证，丢了。")).toBe("选民证 丢了");
    expect(normalise("x".repeat(10_000)).length).toBeLessThanOrEqual(1000);
  });

  it("converts traditional to simplified, phrase-aware, and leaves simplified alone", () => {
    expect(toSimplified("怎麼委託投票")).toBe("怎么委托投票");
    expect(toSimplified("選民證遺失")).toBe("选民证遗失");
    expect(toSimplified("我的資料")).toBe("我的数据");
    expect(toSimplified("选民证丢了")).toBe("选民证丢了");
    expect(toSimplified("hello")).toBe("hello");
  });

  it("segments election terms as words, with search-mode parts", () => {
    expect(chineseWords("我的选民证丢了")).toContain("选民证");
    expect(chineseWords("流动票箱能上门吗")).toContain("流动票箱");
    expect(chineseWords("人户分离怎么办")).toContain("人户分离");
    expect(chineseWords("外出务工回不来")).toContain("外出务工");
    const roll = chineseWords("查看选民名单");
    expect(roll).toEqual(expect.arrayContaining(["选民名单", "名单", "选民"]));
    expect(chineseWords("我想委托投票")).toEqual(expect.arrayContaining(["委托投票", "委托", "投票"]));
    // stop words are dropped
    expect(chineseWords("怎么办啊")).toEqual([]);
  });

  it("stems English lightly and drops stop words", () => {
    for (const w of ["vote", "votes", "voted", "voting"]) expect(stem(w)).toBe("vot");
    expect(stem("reminders")).toBe(stem("reminder"));
    expect(englishWords(normalise("How do I vote by proxy?"))).toEqual(["vot", "proxy"]);
  });

  it("repairs homophone typos into known words, never real words", () => {
    const known = new Set(["选民", "投票", "代投"]);
    const bySound = new Map([...known].map((w) => [fuzzyPinyinOf(w), w]));
    expect(fuzzyPinyinOf("选名")).toBe(fuzzyPinyinOf("选民"));
    expect(repairHomophones("俺投漂在哪", known, bySound)).toBe("俺投票在哪");
    expect(repairHomophones("我是不是选名", known, bySound)).toBe("我是不是选民");
    expect(repairHomophones("代头", known, bySound)).toBe("代投");
  });
});
