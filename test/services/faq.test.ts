import type { FaqEntry } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ_ZH_CN } from "../../src/db/seed/faq-zh-CN.js";
import { FaqService } from "../../src/services/faq.js";
import { createTestDatabase, type Database } from "../support/database.js";

// Only the FAQ is needed here: the demo FAQ, inserted in its own order (ids follow it).
let db: Database;
let faq: FaqService;
let demo: FaqEntry[];

beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.faqEntry.createMany({ data: FAQ_ZH_CN.map((f) => ({ locale: "zh-CN", ...f, keywords: [...f.keywords] })) });
  demo = await db.prisma.faqEntry.findMany({ orderBy: { id: "asc" } });
  faq = new FaqService(db.prisma, "zh-CN");
});

afterAll(async () => {
  await db.close();
});

/** The demo entry with this question (exact). */
function entry(question: string): FaqEntry {
  const found = demo.find((e) => e.question === question);
  if (!found) throw new Error(`no demo FAQ entry "${question}"`);
  return found;
}

/** What the service shows of an entry (keywords and timestamps stay inside). */
const view = ({ id, locale, topic, question, answer }: FaqEntry) => ({ id, locale, topic, question, answer });

const PROXY = "委托别人代投（委托投票）怎么办理？";
const AWAY_FOR_WORK = "我在外地打工，选举时回不来，还能投票吗？";

describe("FaqService.search", () => {
  it("finds the proxy-voting entry for 代投怎么办理", async () => {
    const results = await faq.search("zh-CN", "代投怎么办理");
    expect(results.map((m) => [m.entry.id, m.score])).toEqual([[entry(PROXY).id, 2]]);
    expect(results[0]?.entry).toEqual(view(entry(PROXY)));
  });

  it("answers 我想委托别人投票 with the proxy-voting entry first", async () => {
    const results = await faq.search("zh-CN", "我想委托别人投票");
    expect(results.map((m) => m.entry.question)).toContain(PROXY);
    // The best match is the one the bot shows in full (src/bot/features/faq.ts).
    expect(results[0]?.entry.question).toBe(PROXY);
  });

  it("finds the away-for-work entry for 我在外地打工能投票吗", async () => {
    const results = await faq.search("zh-CN", "我在外地打工能投票吗");
    // 外地 (2) + 打工 (2) + 在外地 (3)
    expect(results.map((m) => [m.entry.question, m.score])).toEqual([[AWAY_FOR_WORK, 7]]);
  });

  it("adds 10 when the question is quoted inside the entry's own question", async () => {
    const results = await faq.search("zh-CN", "选民证丢了");
    // 选民证 (3) + 丢了 (2) + 10 for 选民证丢了或者没收到…; 选民证 (3) only for the ID entry.
    expect(results.map((m) => [m.entry.question, m.score])).toEqual([
      ["选民证丢了或者没收到，怎么办？", 15],
      ["投票要带什么证件？", 3],
    ]);
  });

  it("returns nothing for a question that shares no keyword", async () => {
    expect(await faq.search("zh-CN", "今天天气怎么样")).toEqual([]);
    expect(await faq.search("zh-CN", "hello")).toEqual([]);
  });

  it("returns nothing for an empty question or punctuation and spaces only", async () => {
    expect(await faq.search("zh-CN", "")).toEqual([]);
    expect(await faq.search("zh-CN", "   ")).toEqual([]);
    expect(await faq.search("zh-CN", "？！。，,.?! \n\t…")).toEqual([]);
  });

  it("ignores spaces and punctuation in the question", async () => {
    const results = await faq.search("zh-CN", " 代投，怎么 办理？");
    expect(results.map((m) => [m.entry.question, m.score])).toEqual([[PROXY, 2]]);
  });

  it("puts the best match first, ties in id order, and respects the limit (default 3)", async () => {
    const question = "我在外地打工，户口不在这里，选民证丢了，投票站在哪";
    const all = await faq.search("zh-CN", question, 10);
    expect(all.map((m) => [m.entry.question, m.score])).toEqual([
      [AWAY_FOR_WORK, 7],
      ["户口不在这里（人户分离），能在现在住的地方参加选举吗？", 6],
      ["选民证丢了或者没收到，怎么办？", 5],
      ["投票要带什么证件？", 3],
      ["我应该到哪里投票？", 3],
    ]);
    expect((all[3]?.entry.id ?? 0) < (all[4]?.entry.id ?? 0)).toBe(true);
    expect(await faq.search("zh-CN", question)).toEqual(all.slice(0, 3));
    expect(await faq.search("zh-CN", question, 1)).toEqual(all.slice(0, 1));
    expect(await faq.search("zh-CN", question, 0)).toEqual([]);
  });
});

describe("FaqService topics and fallback", () => {
  it("topics() are distinct, in the order entries were added", async () => {
    const topics = await faq.topics("zh-CN");
    const expected: string[] = [];
    for (const f of FAQ_ZH_CN) if (!expected.includes(f.topic)) expected.push(f.topic);
    expect(topics).toEqual(expected);
    expect(topics.slice(0, 5)).toEqual(["registration", "away", "objection", "proxy", "mobile_box"]);
    expect(new Set(topics).size).toBe(topics.length);
    expect(FAQ_ZH_CN.length).toBeGreaterThan(topics.length); // several entries share a topic
  });

  it("byTopic() gives a topic's entries in id order", async () => {
    const proxy = await faq.byTopic("zh-CN", "proxy");
    expect(proxy.map((e) => e.id)).toEqual(demo.filter((e) => e.topic === "proxy").map((e) => e.id));
    expect(proxy[0]?.question).toBe(PROXY);
    expect(await faq.byTopic("zh-CN", "no-such-topic")).toEqual([]);
  });

  it("get() reads one entry by id, null for an unknown id", async () => {
    expect(await faq.get(entry(PROXY).id)).toEqual(view(entry(PROXY)));
    expect(await faq.get(Math.max(...demo.map((e) => e.id)) + 1)).toBeNull();
  });

  it("a locale with no entries (en) falls back to the zh-CN entries", async () => {
    expect(await faq.entries("en")).toEqual(demo);
    expect(await faq.topics("en")).toEqual(await faq.topics("zh-CN"));
    const results = await faq.search("en", "代投怎么办理");
    expect(results.map((m) => [m.entry.id, m.entry.locale])).toEqual([[entry(PROXY).id, "zh-CN"]]);
  });

  it("the fallback locale itself with no entries gives nothing", async () => {
    const other = new FaqService(db.prisma, "zh-TW");
    expect(await other.entries("zh-TW")).toEqual([]);
    expect(await other.topics("zh-TW")).toEqual([]);
    expect(await other.search("zh-TW", "代投")).toEqual([]);
  });
});

describe("FaqService cache (60 s)", () => {
  it("shows a new entry only once the cache window has passed", async () => {
    const service = new FaqService(db.prisma, "zh-CN");
    const t0 = Date.now();
    expect(await service.entries("zh-CN", t0)).toHaveLength(demo.length);
    const added = await db.prisma.faqEntry.create({
      data: { locale: "zh-CN", topic: "help", question: "新问题？", answer: "新回答。", keywords: ["新问题"] },
    });
    try {
      expect(await service.entries("zh-CN", t0 + 59_999)).toHaveLength(demo.length);
      expect(await service.search("zh-CN", "新问题")).toEqual([]); // search reads through the same cache
      const fresh = await service.entries("zh-CN", t0 + 60_000);
      expect(fresh).toHaveLength(demo.length + 1);
      expect(fresh.at(-1)?.id).toBe(added.id);
      expect((await service.search("zh-CN", "新问题")).map((m) => m.entry.id)).toEqual([added.id]);
      // A service with its own (empty) cache sees it at once.
      expect(await new FaqService(db.prisma, "zh-CN").entries("zh-CN")).toHaveLength(demo.length + 1);
    } finally {
      await db.prisma.faqEntry.delete({ where: { id: added.id } });
    }
  });

  it("keeps serving the fallback until the window passes, then the locale's own entries", async () => {
    const service = new FaqService(db.prisma, "zh-CN");
    const t0 = Date.now();
    expect(await service.entries("en", t0)).toEqual(demo);
    const own = await db.prisma.faqEntry.create({
      data: { locale: "en", topic: "proxy", question: "How do I vote by proxy?", answer: "Ask the election committee.", keywords: ["Proxy vote", "proxy"] },
    });
    try {
      expect(await service.entries("en", t0 + 59_999)).toEqual(demo);
      expect(await service.entries("en", t0 + 60_000)).toEqual([own]);
      // Keywords and questions are compared case- and punctuation-insensitively.
      const results = await service.search("en", "PROXY-vote?");
      expect(results.map((m) => [m.entry.id, m.score])).toEqual([[own.id, 9 + 5]]);
      expect(await service.topics("en")).toEqual(["proxy"]);
      // zh-CN is unaffected.
      expect(await service.entries("zh-CN", t0 + 60_000)).toEqual(demo);
    } finally {
      await db.prisma.faqEntry.delete({ where: { id: own.id } });
    }
  });
});
