// Report-back (述职) end to end: a delegate writes and publishes a report; the broadcast outbox
// delivers it to the constituency's reachable voters in each voter's language, with rating and
// comment buttons; a voter rates and comments from the pushed message; the delegate sees the
// feedback. Publishing twice (a double tap) sends once; voters elsewhere get nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxSender } from "../../src/jobs/outbox-sender.js";
import { fixedClock } from "../../src/services/clock.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";
import { outboxSender } from "../support/outbox.js";
import { delegate, firstDelegate, voter, type Who } from "./suggestions-support.js";

const clock = fixedClock("2027-03-10T02:00:00Z");
let h: BotHarness;
let sender: OutboxSender;

beforeAll(async () => {
  h = await createBotHarness({ seed: true, clock });
  sender = outboxSender(h, clock);
});
afterAll(() => h?.close());

const TITLE = "2027年上半年履职情况报告";
const BODY = "半年来走访选民二十次，接待选民日四次，提出建议五件，其中三件已办结，两件正在办理。";

async function drain(): Promise<void> {
  while ((await sender.runOnce()) > 0);
}

describe("report-back pushed through the outbox", () => {
  let d1: Who & { delegateId: number };
  let zh: Who;
  let en: Who;
  let elsewhere: Who;

  it("publish → every reachable voter of the constituency gets it once, in their language, with rating buttons", async () => {
    d1 = await delegate(h, 8101, 0);
    zh = await voter(h, 8001, "zh-hans", "张三");
    en = await voter(h, 8002, "en", "Lee"); // never chose one with /language: Telegram's language
    const blocked = await voter(h, 8003);
    await blocked.block();
    const other = await firstDelegate(h, 3);
    elsewhere = await voter(h, 8004, "zh-hans", "李四", other.constituencyId!);

    await d1.send("/reportback");
    expect(d1.lastText()).toContain("还没有述职报告");
    await d1.tap("写述职报告");
    await d1.send(TITLE);
    await d1.send(BODY);
    expect(d1.lastText()).toContain("预览");
    const confirm = h.api.messagesTo(8101).at(-1)!;
    await d1.tap("发布给本选区选民");
    const audience = await h.db.prisma.user.count({ where: { constituencyId: (await firstDelegate(h)).constituencyId, unreachableAt: null } });
    expect(d1.lastText()).toContain(`正在发送给本选区的 ${audience} 位选民`);
    // The double tap on the (now edited) publish message: nothing more is queued.
    await d1.press("rb-pub", confirm.message_id);
    expect(await h.db.prisma.broadcast.count({ where: { kind: "REPORT_BACK" } })).toBe(1);
    expect(await h.db.prisma.delivery.count()).toBe(audience);

    await drain();
    const pushed = zh.texts().filter((t) => t.includes(TITLE));
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toContain("代表向选民述职");
    expect(pushed[0]).toContain(BODY);
    expect(zh.buttons()).toEqual(["😊 满意", "🙂 基本满意", "🙁 不满意", "💬 留言", "⬅️ 述职报告"]);
    expect(en.lastText()).toContain("Report-back from delegate");
    expect(en.buttons()).toContain("😊 Satisfied");
    expect(blocked.texts().some((t) => t.includes(TITLE))).toBe(false);
    expect(elsewhere.texts().some((t) => t.includes(TITLE))).toBe(false);

    // Publishing again (the service, as a retry would) still sends nobody a second copy.
    const report = await h.db.prisma.delegateReport.findFirstOrThrow({ where: { title: TITLE } });
    await h.services.delegateWork.publishReport(report.id, null);
    await drain();
    expect(zh.texts().filter((t) => t.includes(TITLE))).toHaveLength(1);
  });

  it("the voter rates and comments from the pushed message; the delegate sees it", async () => {
    await zh.tap("基本满意");
    expect(zh.toasts().at(-1)).toBe("谢谢，评价已记录。");
    await zh.tap("留言");
    expect(zh.lastText()).toBe("请发送您的留言：");
    await zh.send("希望下半年多来东村走走。");
    expect(zh.lastText()).toBe("留言已记录，代表可以看到。");
    await en.tap("Satisfied");
    expect(en.toasts().at(-1)).toBe("Thank you, your rating is recorded.");

    await d1.send("/reportback");
    expect(d1.lastText()).toContain("评价 2 条（满意 2），留言 1 条");
    await zh.send("/reports");
    await zh.tap(TITLE);
    expect(zh.lastText()).toContain("您的评价：🙂 基本满意");
  });

  it("a voter of another constituency cannot rate or comment with a copied button", async () => {
    const report = await h.db.prisma.delegateReport.findFirstOrThrow({ where: { title: TITLE } });
    await elsewhere.press(`rp-r:${report.id}:SATISFIED`);
    expect(elsewhere.toasts().at(-1)).toBe("没有找到这份报告。");
    await elsewhere.press(`rp-c:${report.id}`);
    expect(elsewhere.toasts().at(-1)).toBe("没有找到这份报告。");
    await elsewhere.send("/reports");
    expect(elsewhere.lastText()).toBe("您选区的代表还没有发布述职报告。");
    expect(await h.db.prisma.delegateReportFeedback.count({ where: { reportId: report.id } })).toBe(2);
  });
});
