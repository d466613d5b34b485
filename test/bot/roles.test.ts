// Role-checked features: staff registration figures, delegate record; refusals for others.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ seed: true });
});
afterAll(() => h?.close());

describe("staff registration figures", () => {
  it("a voter asking for them is refused, in their language, and sees no figures", async () => {
    const v = await h.personWithRole(8001, "VOTER");
    await v.send("/registration");
    expect(v.lastText()).toBe("这项功能只对选举工作人员开放。");
    await v.press("staff-registration", 1);
    expect(v.toasts().at(-1)).toBe("这项功能只对选举工作人员开放。");
  });

  it("a delegate is told the figures are for election staff (not 'staff or delegates')", async () => {
    const d = await h.personWithRole(8006, "DELEGATE", "en");
    await d.send("/registration");
    expect(d.lastText()).toBe("This is only available to election staff.");
  });

  it("staff see every constituency with listed / not listed / suspended and the total", async () => {
    const s = await h.personWithRole(8002, "STAFF");
    await s.send("/start");
    expect(s.buttons()).toContain("📊 选民登记统计");
    await s.tap("选民登记统计");
    const text = s.lastText();
    expect(text).toContain("📊 示例县第十九届人民代表大会代表选举：选民登记统计");
    for (const n of ["第一选区", "第二选区", "第三选区", "第四选区", "第五选区"]) expect(text).toContain(n);
    const listed = await h.db.prisma.rollEntry.count({ where: { status: "LISTED" } });
    expect(text).toContain(`合计：5 个选区，列入名单选民 ${listed} 人。`);
  });
});

describe("delegate record", () => {
  it("a delegate whose account is linked sees their constituency and term as calendar dates", async () => {
    const d = await h.personWithRole(8003, "DELEGATE", "en");
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: 8003n } });
    const record = await h.db.prisma.delegate.findFirstOrThrow({ orderBy: { id: "asc" } });
    await h.db.prisma.delegate.update({ where: { id: record.id }, data: { userId: user.id } });
    await d.send("/start");
    await d.tap("My delegate record");
    expect(d.lastText()).toContain(`📋 ${record.fullName}`);
    expect(d.lastText()).toContain("County people's congress delegate");
    expect(d.lastText()).toMatch(/Term: \w+day \d{1,2} December 2021 to \w+day \d{1,2} December 2026/);
  });

  it("a delegate with no linked record is told whom to ask", async () => {
    const d = await h.personWithRole(8004, "DELEGATE");
    await d.send("/start");
    await d.tap("我的代表信息");
    expect(d.lastText()).toBe("我们没有找到与您的账号关联的代表资料。请联系人大常委会代表工作室。");
  });

  it("a voter pressing a delegate button gets a refusal", async () => {
    const v = await h.personWithRole(8005, "VOTER");
    await v.press("delegate-me", 1);
    expect(v.toasts().at(-1)).toBe("这项功能只对人大代表开放。");
  });
});
