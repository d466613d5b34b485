// What happens when things go wrong: floods, failing services, Telegram refusing calls.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ seed: true, env: { RATE_LIMIT_MESSAGES_PER_MINUTE: "5", RATE_LIMIT_BUTTONS_PER_MINUTE: "5", API_MAX_RETRIES: "2" } });
});
afterAll(() => h?.close());

describe("rate limit", () => {
  it("answers the first 5 messages in a minute, warns once, then drops the rest quietly", async () => {
    const u = h.person({ id: 9001, first_name: "Flood", language_code: "en" });
    for (let i = 0; i < 9; i++) await u.send("/help");
    const texts = u.texts();
    expect(texts.filter((t) => t?.startsWith("What I can do"))).toHaveLength(5);
    expect(texts.filter((t) => /^You are sending messages too fast\. Please wait (60|59) seconds before the next one\.$/.test(t ?? ""))).toHaveLength(1);
    expect(texts).toHaveLength(6);
  });

  it("counts button presses apart from messages: browsing menus does not use up the message allowance", async () => {
    const u = h.person({ id: 9008, first_name: "Browser", language_code: "en" });
    await u.send("/start");
    for (let i = 0; i < 4; i++) await u.press("faq-topics", 1);
    await u.send("/help");
    expect(u.lastText()).toContain("What I can do");
    expect(u.toasts()).toEqual([]);
  });

  it("a button pressed over the limit is still answered, so its spinner stops", async () => {
    const u = h.person({ id: 9007, first_name: "Presser", language_code: "en" });
    for (let i = 0; i < 7; i++) await u.press("faq-topics", 1);
    expect(u.toasts().slice(-2)).toEqual([expect.stringMatching(/^Too many presses: please wait (60|59) seconds\.$/), expect.stringMatching(/^Too many presses/)]);
    const answers = h.api.calls.filter((c) => c.method === "answerCallbackQuery" && String(c.payload.callback_query_id) !== "");
    expect(answers.length).toBeGreaterThanOrEqual(7);
  });

  it("an invited account (staff) may send five times as many before the warning", async () => {
    const staff = h.person({ id: 9009, first_name: "Counter", language_code: "en" });
    await h.db.prisma.user.create({ data: { telegramId: 9009n, role: "STAFF" } });
    for (let i = 0; i < 26; i++) await staff.send("/help");
    const texts = staff.texts();
    expect(texts.filter((t) => t?.startsWith("What I can do"))).toHaveLength(25);
    expect(texts.filter((t) => t?.startsWith("You are sending messages too fast"))).toHaveLength(1);
  });

  it("limits each person separately", async () => {
    const other = h.person({ id: 9002, first_name: "Calm", language_code: "en" });
    await other.send("/help");
    expect(other.lastText()).toContain("What I can do");
  });
});

describe("a failing service", () => {
  it("tells the user something went wrong in their language, counts the error, and the next update works", async () => {
    const u = h.person({ id: 9003, first_name: "Err", language_code: "zh-hans" });
    const spy = vi.spyOn(h.services.areas, "overview").mockRejectedValueOnce(new Error("database went away"));
    await u.send("/start");
    expect(u.lastText()).toBe("抱歉，出了点问题，请稍后再试。如果一直出错，请联系选举工作办公室。");
    expect(await h.metrics.errors.get()).toMatchObject({ values: [{ labels: { where: "handler" }, value: 1 }] });
    spy.mockRestore();
    await u.send("/start");
    expect(u.lastText()).toContain("示例县");
  });
});

describe("Telegram refusing calls", () => {
  it("retries a flood wait (429) a bounded number of times and then gives up without crashing", async () => {
    const u = h.person({ id: 9004, first_name: "Slow", language_code: "en" });
    let refused = 0;
    h.api.failWith = (call) =>
      call.method === "sendMessage" && Number(call.payload.chat_id) === 9004
        ? (refused++, { error_code: 429, description: "Too Many Requests: retry after 0", parameters: { retry_after: 0 } })
        : undefined;
    try {
      await u.send("/help");
    } finally {
      h.api.failWith = undefined;
    }
    expect(refused).toBe(3); // the call and API_MAX_RETRIES=2 retries
    expect(await h.metrics.errors.get()).toMatchObject({ values: expect.arrayContaining([{ labels: { where: "telegram" }, value: 1 }]) });
    await u.send("/help");
    expect(u.lastText()).toContain("What I can do");
  });

  it("a user who blocked the bot (403) does not break anyone else's updates", async () => {
    const blocked = h.person({ id: 9005, first_name: "Gone", language_code: "en" });
    const fine = h.person({ id: 9006, first_name: "Here", language_code: "en" });
    h.api.failWith = (call) =>
      Number(call.payload.chat_id) === 9005 ? { error_code: 403, description: "Forbidden: bot was blocked by the user" } : undefined;
    try {
      await Promise.all([blocked.send("/help"), fine.send("/help")]);
    } finally {
      h.api.failWith = undefined;
    }
    expect(fine.lastText()).toContain("What I can do");
  });
});
