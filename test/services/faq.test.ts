// The FAQ service on the real database: the demo FAQ in three locales with keys, the synonym table,
// the faq-search matcher behind it, fallback to zh-CN, rebuilds on change, and "was this helpful?".
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoFaq, demoFaqSynonyms } from "../../src/db/seed/demo-info.js";
import { fixedClock } from "../../src/services/clock.js";
import { CHECK_MS, FaqService } from "../../src/services/faq.js";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
const clock = fixedClock("2026-12-01T02:00:00Z");
let faq: FaqService;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.faqEntry.createMany({ data: demoFaq() });
  await db.prisma.faqSynonym.createMany({ data: demoFaqSynonyms() });
  faq = new FaqService(db.prisma, clock);
});

afterAll(async () => {
  await db.close();
});

const keys = async (locale: string, q: string, limit = 3) => (await faq.search(locale, q, limit)).map((m) => m.entry.key);

describe("FaqService.search (faq-search over the database)", () => {
  it.each([
    ["zh-CN", "代投怎么办理", "proxy-how"],
    ["zh-CN", "我在外地打工能投票吗", "working-away"],
    ["zh-CN", "选民证丢了", "voter-card-lost"],
    ["en", "how do I vote by proxy", "proxy-how"],
    ["en", "what ID do I need to bring", "id-documents"],
    ["zh-TW", "怎麼委託投票", "proxy-how"],
    ["zh-TW", "投票要帶什麼證件", "id-documents"],
  ])("%s: %s → %s, in the asked language", async (locale, q, key) => {
    const [best] = await faq.search(locale, q);
    expect(best?.entry.key).toBe(key);
    expect(best?.entry.locale).toBe(locale);
    expect(best?.entry.fallback).toBe(false);
  });

  it("the bot's own examples find their answer with high confidence (they found nothing before)", async () => {
    for (const [locale, q] of [["en", "how do I vote by proxy"], ["zh-TW", "怎麼委託投票"], ["zh-CN", "怎么委托投票"]] as const) {
      const [best] = await faq.search(locale, q);
      expect(best?.confidence, `${locale} ${q}`).toBe("high");
    }
  });

  it("uses the synonym table from the database: 上门投票 finds the mobile ballot box", async () => {
    expect((await keys("zh-CN", "能上门投票吗"))[0]).toBe("mobile-box");
  });

  it("a Chinese question from an English user is answered from zh-CN, marked as a fallback", async () => {
    const [best] = await faq.search("en", "代投怎么办理");
    expect(best?.entry.key).toBe("proxy-how");
    // The en entry with that key exists, so it is shown in English.
    expect(best?.entry.locale).toBe("en");
  });

  it("returns nothing for empty, punctuation-only, emoji-only or unrelated questions", async () => {
    for (const q of ["", "   ", "？！。，,.?! \n\t…", "👍👍🎉", "今天天气怎么样", "hello"]) expect(await faq.search("zh-CN", q), q).toEqual([]);
  });

  it("respects the limit, one hit per answer, best first", async () => {
    const all = await faq.search("zh-CN", "我在外地打工，户口不在这里，选民证丢了，投票站在哪", 10);
    expect(all.length).toBeGreaterThan(3);
    expect(new Set(all.map((m) => m.entry.key)).size).toBe(all.length);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    expect((await faq.search("zh-CN", "选民证丢了", 1)).length).toBe(1);
    expect(await faq.search("zh-CN", "选民证丢了", 0)).toEqual([]);
  });

  it("cuts a huge question instead of working on all of it", async () => {
    const t0 = performance.now();
    const hits = await faq.search("zh-CN", "代投怎么办理".repeat(2000));
    expect(hits[0]?.entry.key).toBe("proxy-how");
    expect(performance.now() - t0).toBeLessThan(5000); // generous: a bound, not a benchmark
  });
});

describe("topics, entries and fallback to zh-CN", () => {
  it("topics are distinct, in the order staff added them, the same in every locale", async () => {
    const zh = await faq.topics("zh-CN");
    expect(zh.slice(0, 5)).toEqual(["registration", "away", "objection", "proxy", "mobile_box"]);
    expect(new Set(zh).size).toBe(zh.length);
    expect(await faq.topics("en")).toEqual(zh);
    expect(await faq.topics("zh-TW")).toEqual(zh);
  });

  it("byTopic gives the locale's own entries", async () => {
    const en = await faq.byTopic("en", "proxy");
    expect(en.map((e) => e.key)).toEqual(["proxy-how", "proxy-limit", "proxy-wishes", "proxy-family-no-paper"]);
    expect(en.every((e) => e.locale === "en" && !e.fallback)).toBe(true);
  });

  it("an answer missing in a language is served in zh-CN and says so (fallback), and goes away when translated", async () => {
    const zh = await faq.addEntry({ key: "only-zh", locale: "zh-CN", topic: "help", question: "仅有中文的问题？", answer: "仅有中文的回答。", keywords: ["仅有中文"] });
    const en = await faq.byKey("en", "only-zh");
    expect(en).toMatchObject({ id: zh.id, locale: "zh-CN", fallback: true });
    expect((await faq.byTopic("en", "help")).map((e) => e.key)).toContain("only-zh");
    const [hit] = await faq.search("en", "仅有中文");
    expect(hit?.entry).toMatchObject({ key: "only-zh", fallback: true });
    await faq.addEntry({ key: "only-zh", locale: "en", topic: "help", question: "Chinese only?", answer: "Now in English.", keywords: ["chinese only"] });
    expect(await faq.byKey("en", "only-zh")).toMatchObject({ locale: "en", fallback: false, answer: "Now in English." });
    expect(await faq.get(zh.id, "en")).toMatchObject({ locale: "en", fallback: false });
    await db.prisma.faqEntry.deleteMany({ where: { key: "only-zh" } });
    faq.invalidate();
  });

  it("get() reads one entry by id, in the asked locale when it has the same answer; null for an unknown id", async () => {
    const zh = (await faq.byKey("zh-CN", "proxy-how"))!;
    expect(await faq.get(zh.id)).toMatchObject({ key: "proxy-how", locale: "zh-CN" });
    expect(await faq.get(zh.id, "zh-TW")).toMatchObject({ key: "proxy-how", locale: "zh-TW" });
    expect(await faq.get(99_999_999)).toBeNull();
  });
});

describe("rebuilds when entries or synonyms change", () => {
  it("a change made elsewhere (another instance) is seen within CHECK_MS, not before", async () => {
    const service = new FaqService(db.prisma, clock);
    expect(await service.search("zh-CN", "萤火虫貔貅")).toEqual([]);
    const added = await db.prisma.faqEntry.create({
      data: { key: "fireflies", locale: "zh-CN", topic: "help", question: "萤火虫貔貅是什么？", answer: "演示。", keywords: ["萤火虫貔貅"] },
    });
    try {
      clock.advance(CHECK_MS - 1);
      expect(await service.search("zh-CN", "萤火虫貔貅")).toEqual([]);
      clock.advance(1);
      expect((await service.search("zh-CN", "萤火虫貔貅")).map((m) => m.entry.id)).toEqual([added.id]);
    } finally {
      await db.prisma.faqEntry.delete({ where: { id: added.id } });
    }
    clock.advance(CHECK_MS);
    expect(await service.search("zh-CN", "萤火虫貔貅")).toEqual([]);
  });

  it("a synonym group saved through the service applies at once; removing it undoes it", async () => {
    expect(await keys("zh-CN", "貔貅怎么办")).toEqual([]);
    const group = await faq.saveSynonyms([" 貔貅 ", "委托投票", "貔貅"]);
    expect(group?.words).toEqual(["貔貅", "委托投票"]);
    expect((await keys("zh-CN", "貔貅怎么办"))[0]).toBe("proxy-how");
    expect(await faq.saveSynonyms(["貔貅"], group!.id)).toBeNull(); // one word: the group is removed
    expect((await faq.synonyms()).some((g) => g.id === group!.id)).toBe(false);
    expect(await keys("zh-CN", "貔貅怎么办")).toEqual([]);
  });
});

describe("was this helpful?", () => {
  it("stores one row per answer shown, then the person's 👍/👎 on it; a second press changes nothing; the other changes it", async () => {
    const user = await db.prisma.user.create({ data: { telegramId: 424242n } });
    const other = await db.prisma.user.create({ data: { telegramId: 434343n } });
    const answer = (await faq.byKey("en", "proxy-how"))!;
    const id = await faq.recordShown(user.id, answer, "en", "search");
    expect(await db.prisma.faqFeedback.findUniqueOrThrow({ where: { id } })).toMatchObject({
      userId: user.id,
      entryKey: "proxy-how",
      locale: "en",
      fallback: false,
      source: "search",
      helpful: null,
    });
    expect(await faq.recordFeedback(other.id, id, true)).toBe("gone"); // not shown to them
    expect(await faq.recordFeedback(user.id, id, true)).toBe("saved");
    expect(await faq.recordFeedback(user.id, id, true)).toBe("unchanged");
    expect(await faq.recordFeedback(user.id, id, false)).toBe("changed");
    expect(await faq.recordFeedback(user.id, 99_999_999, true)).toBe("gone");
    expect(await db.prisma.faqFeedback.count({ where: { userId: user.id } })).toBe(1);
    const row = await db.prisma.faqFeedback.findUniqueOrThrow({ where: { id } });
    expect(row.helpful).toBe(false);
    expect(Object.keys(row)).not.toContain("question"); // the question text is not stored here
    const summary = await faq.feedbackSummary();
    expect(summary.find((s) => s.key === "proxy-how")).toEqual({ key: "proxy-how", shown: 1, helpful: 0, notHelpful: 1 });
  });

  it("with the hot path, answers shown are written behind: ids reserved ahead, rows in one statement, each its own row and id", async () => {
    const onHotPath = new FaqService(db.prisma, clock, { sql: db.sql, log: pino({ level: "silent" }), flushMs: 60_000 });
    const people = await Promise.all([515151n, 525252n, 535353n, 545454n].map((telegramId) => db.prisma.user.create({ data: { telegramId } })));
    const before = db.statements.hotPath;
    const shown = [
      { user: people[0]!.id, key: "proxy-how", locale: "en", source: "search" },
      { user: people[1]!.id, key: "working-away", locale: "zh-CN", source: "topic" },
      { user: people[2]!.id, key: "voter-card-lost", locale: "zh-TW", source: "suggestion" },
      { user: people[3]!.id, key: "proxy-how", locale: "zh-CN", source: "search" },
    ] as const;
    const ids = await Promise.all(shown.map((s) => onHotPath.recordShown(s.user, { key: s.key, fallback: s.locale === "zh-TW" }, s.locale, s.source)));
    expect(db.statements.hotPath - before).toBe(1); // the id block; the rows wait
    expect(new Set(ids).size).toBe(4);
    expect(await db.prisma.faqFeedback.count({ where: { id: { in: ids } } })).toBe(0);
    // The last person deletes their data before the rows are written: their row stays, without them.
    await db.prisma.user.delete({ where: { id: people[3]!.id } });
    // A press on an answer whose row is still queued finds it (the press writes the queue first).
    expect(await onHotPath.recordFeedback(people[0]!.id, ids[0]!, true)).toBe("saved");
    expect(db.statements.hotPath - before).toBe(2);
    for (const [i, s] of shown.entries()) {
      expect(await db.prisma.faqFeedback.findUniqueOrThrow({ where: { id: ids[i]! } })).toMatchObject({
        userId: i === 3 ? null : s.user,
        entryKey: s.key,
        locale: s.locale,
        fallback: s.locale === "zh-TW",
        source: s.source,
        shownAt: clock.now(),
      });
    }
    // More answers take ids from the same block: no statement until a write.
    await onHotPath.recordShown(people[1]!.id, { key: "proxy-how", fallback: false }, "en", "search");
    expect(db.statements.hotPath - before).toBe(2);
    await onHotPath.stop();
    expect(db.statements.hotPath - before).toBe(3);
  });
});
