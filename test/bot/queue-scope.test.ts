// The staff queue (/queue) and the staff scope: township staff see and decide only the requests of
// voters in their township; a forged button of another township's request shows and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueButtons } from "../../src/bot/keyboards/queue.js";
import { DEMO_VOTER } from "../../src/db/seed/demo-data.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
let trackingNo: string;
let requestId: number;

beforeAll(async () => {
  h = await createBotHarness({ seed: true });
  // The demo voter is on the roll of 第一选区 (青禾镇东村、西村): an objection of theirs belongs to 青禾镇.
  const e = await h.db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: DEMO_VOTER.voterNo } });
  const v = h.person({ id: 88_001, first_name: "测试", language_code: "zh-hans" });
  await v.send(`/link ${e.fullName} ${e.idLast4}`);
  await v.send("/me");
  await v.tap("名单有误");
  await v.tap("我本人");
  await v.send("我的出生日期写错了");
  await v.send("138 0013 8000");
  await v.tap("确认提交");
  trackingNo = /SS-2026-\d{6}/.exec(v.lastText())![0];
  requestId = (await h.db.prisma.voterRequest.findFirstOrThrow({ where: { trackingNo } })).id;
});
afterAll(() => h?.close());

describe("/queue within the staff scope", () => {
  it("staff of 青禾镇 and of the county see the request; staff of 石桥乡 do not", async () => {
    const own = await h.staffIn(88_002, "999901001");
    await own.send("/queue");
    expect(own.lastText()).toContain(trackingNo);
    const county = await h.staffIn(88_003, "999901");
    await county.send("/queue");
    expect(county.lastText()).toContain(trackingNo);
    const other = await h.staffIn(88_004, "999901002", "en");
    await other.send("/queue");
    expect(other.lastText()).not.toContain(trackingNo);
  });

  it("a forged button of another township's request shows nothing and decides nothing", async () => {
    const other = await h.staffIn(88_005, "999901002", "en");
    await other.press(queueButtons.item.pack({ id: requestId }));
    expect(other.toasts().at(-1)).toBe("This button is no longer valid. Please use the new menu.");
    await other.press(queueButtons.decide.pack({ id: requestId, outcome: "REJECTED" }));
    expect(other.toasts().at(-1)).toBe("This button is no longer valid. Please use the new menu.");
    await other.send("Rejected: not on our roll");
    expect(await h.db.prisma.voterRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "OPEN", decidedAt: null });
  });
});
