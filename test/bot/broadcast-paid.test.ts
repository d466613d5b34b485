// Paid broadcasts (BROADCAST_PAID=true, Telegram's allow_paid_broadcast): the confirm step shows
// the ETA at 1,000 messages a second and the cost in Stars, and the sender sends with the flag; a
// photo with its caption goes as a photo, preview included.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxTransport } from "../../src/bot/outbox-transport.js";
import { OutboxSender } from "../../src/jobs/outbox-sender.js";
import { fixedClock } from "../../src/services/clock.js";
import { createBotHarness, TEST_TOKEN, type BotHarness } from "../support/bot.js";

let h: BotHarness;
const clock = fixedClock("2026-11-01T02:00:00Z");
beforeAll(async () => {
  h = await createBotHarness({ seed: true, clock, env: { BROADCAST_PAID: "true" } });
  const c = await h.db.prisma.constituency.findFirstOrThrow({ where: { code: "03" } });
  await h.db.prisma.$executeRawUnsafe(`INSERT INTO "User" ("telegramId", "constituencyId") SELECT g, ${c.id} FROM generate_series(710001, 710040) g`);
});
afterAll(() => h?.close());

describe("paid broadcast", () => {
  it("the confirm step shows the cost in Stars; the messages go with allow_paid_broadcast", async () => {
    const staff = h.person({ id: 9601, first_name: "测试", language_code: "en" });
    await staff.send("/start");
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: 9601n } });
    await h.services.users.setRole(user.id, "STAFF");
    await staff.send("/broadcast");
    await staff.send("Bulletin no. 3");
    await staff.tap("第三选区");
    await staff.tap("Whole constituency");
    const confirm = staff.lastText();
    expect(confirm).toContain("40 people");
    expect(confirm).toContain("Paid broadcast: about 4 Telegram Stars.");
    await staff.tap("Send to 40");
    const sender = new OutboxSender(h.services.outbox, createOutboxTransport(h.config, h.services, { token: TEST_TOKEN, fetch: h.api.fetch }), {
      id: "paid", clock, logger: pino({ level: "silent" }), sleep: async (ms) => clock.advance(ms),
    });
    while ((await sender.runOnce()) > 0);
    const sends = h.api.calls.filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) >= 710001);
    expect(sends).toHaveLength(40);
    expect(sends.every((c) => c.payload.allow_paid_broadcast === true)).toBe(true);
  });

  it("a photo with a caption: previewed and sent as a photo", async () => {
    const staff = h.person({ id: 9601, first_name: "测试", language_code: "en" });
    await staff.send("/broadcast");
    await h.bot.handleUpdate(h.updates.photo(staff.who, "致选民的一封信（图）"));
    await staff.tap("第三选区");
    await staff.tap("Whole constituency");
    const before = h.api.calls.length;
    await staff.tap("preview");
    expect(h.api.calls.slice(before).some((c) => c.method === "sendPhoto" && c.payload.chat_id === 9601 && c.payload.caption === "致选民的一封信（图）")).toBe(true);
    await staff.tap("Send to 40");
    const sender = new OutboxSender(h.services.outbox, createOutboxTransport(h.config, h.services, { token: TEST_TOKEN, fetch: h.api.fetch }), {
      id: "paid-2", clock, logger: pino({ level: "silent" }), sleep: async (ms) => clock.advance(ms),
    });
    while ((await sender.runOnce()) > 0);
    const photos = h.api.calls.filter((c) => c.method === "sendPhoto" && Number(c.payload.chat_id) >= 710001);
    expect(photos).toHaveLength(40);
    expect(photos.every((c) => c.payload.caption === "致选民的一封信（图）" && c.payload.allow_paid_broadcast === true)).toBe(true);
  });
});
