// Messages the bot sends on its own, not as a reply (broadcasts through the outbox, suggestion
// notices), are in the person's language: the one chosen with /language, else Telegram's as last
// seen (User.telegramLocale), else DEFAULT_LOCALE (zh-CN unless set) — as the bot's replies are.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxSender } from "../../src/jobs/outbox-sender.js";
import { fixedClock } from "../../src/services/clock.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";
import { outboxSender } from "../support/outbox.js";
import { compose, delegate, firstDelegate, runJob, voter } from "./suggestions-support.js";

const clock = fixedClock("2027-03-10T02:00:00Z"); // 10:00 in the county
let h: BotHarness;
let sender: OutboxSender;

beforeAll(async () => {
  h = await createBotHarness({ seed: true, clock, env: { RATE_LIMIT_MESSAGES_PER_MINUTE: "1000" } });
  sender = outboxSender(h, clock);
});
afterAll(() => h?.close());

describe("a broadcast through the outbox", () => {
  it("reaches each person in Telegram's language unless they chose one with /language; an unknown language gets the default", async () => {
    const constituencyId = (await firstDelegate(h, 1)).constituencyId!;
    const en = await voter(h, 8201, "en", "Lee", constituencyId);
    const tw = await voter(h, 8202, "zh-hant", "陳", constituencyId);
    const chose = await voter(h, 8203, "en", "Chose", constituencyId);
    await chose.send("/language");
    await chose.tap("简体中文");
    expect(await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: 8203n } })).toMatchObject({ locale: "zh-CN", telegramLocale: "en" });
    const fr = await voter(h, 8204, "fr", "Zoé", constituencyId);

    const queued = await h.services.outbox.createBroadcast({
      key: "report-back-languages",
      actorId: null,
      kind: "REPORT_BACK",
      content: { text: "半年来走访选民二十次。" },
      payload: { reportId: 1, delegateName: "王五", title: "履职报告" },
      audience: { kind: "constituency", constituencyId },
      now: clock.now(),
    });
    expect(queued?.total).toBeGreaterThanOrEqual(4);
    while ((await sender.runOnce()) > 0);

    expect(en.lastText()).toContain("📣 Report-back from delegate 王五:");
    expect(en.buttons()).toContain("😊 Satisfied");
    expect(tw.lastText()).toContain("📣 王五 代表向選民述職：");
    expect(chose.lastText()).toContain("📣 王五 代表向选民述职：");
    expect(fr.lastText()).toContain("📣 王五 代表向选民述职：");
  });
});

describe("a suggestion notice", () => {
  it("the acknowledgement reminder reaches a delegate in Telegram's language (English, never chosen)", async () => {
    const d = await delegate(h, 8301, 2, "en");
    const v = await voter(h, 8302, "zh-hans", "测试选民", (await firstDelegate(h, 2)).constituencyId!);
    await compose(v, { text: "西村小组道路没有路灯，冬天晚上六点以后一片漆黑，建议安装太阳能路灯。" });
    await v.tap("确认发送");
    const s = await h.db.prisma.suggestion.findFirstOrThrow({ orderBy: { id: "desc" } });
    clock.advance(8 * 86_400_000);
    await runJob(h);
    expect(d.texts().filter((t) => t?.includes(`Suggestion ${s.trackingNo} has waited 7 days without being acknowledged`))).toHaveLength(1);
  });
});

describe("a suggestion notice to someone whose language is unknown", () => {
  it("is in DEFAULT_LOCALE (here English), not always Simplified Chinese", async () => {
    const enClock = fixedClock("2027-03-10T02:00:00Z");
    const en = await createBotHarness({ seed: true, clock: enClock, env: { RATE_LIMIT_MESSAGES_PER_MINUTE: "1000", DEFAULT_LOCALE: "en" } });
    try {
      const d = await delegate(en, 8401, 2, "fr");
      const v = await voter(en, 8402, "zh-hans", "测试选民", (await firstDelegate(en, 2)).constituencyId!);
      await compose(v, { text: "西村小组道路没有路灯，冬天晚上六点以后一片漆黑，建议安装太阳能路灯。" });
      await v.tap("确认发送");
      const s = await en.db.prisma.suggestion.findFirstOrThrow({ orderBy: { id: "desc" } });
      enClock.advance(8 * 86_400_000);
      await runJob(en);
      expect(d.texts().filter((t) => t?.includes(`Suggestion ${s.trackingNo} has waited 7 days without being acknowledged`))).toHaveLength(1);
    } finally {
      await en.close();
    }
  });
});
