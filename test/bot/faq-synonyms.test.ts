// Staff edit the FAQ's synonym list in chat; the matcher uses a new group at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
let nextId = 97_000;
beforeAll(async () => {
  h = await createBotHarness({ seed: true });
});
afterAll(() => h?.close());

async function person(role: "VOTER" | "STAFF", language_code = "zh-hans") {
  const p = h.person({ id: nextId++, first_name: "测试", language_code });
  await p.send("/start");
  const user = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(p.who.id) } });
  if (role !== "VOTER") await h.services.users.setRole(user.id, role);
  return { ...p, userId: user.id };
}

describe("/synonyms", () => {
  it("lists the groups, adds one that the matcher uses at once, deletes it; each change audited", async () => {
    const s = await person("STAFF");
    await s.send("/synonyms");
    const groups = await h.db.prisma.faqSynonym.count();
    expect(s.lastText()).toContain(`常见问题的同义词组（${groups} 组）`);
    expect(s.lastText()).toContain("用法：/synonyms add");

    // A word no entry knows: without a group it finds nothing.
    const v = await person("VOTER");
    // What the voter sees: the answer, or the likely questions as buttons.
    const shown = () => [v.lastText(), ...v.buttons()].join("\n");
    await v.send("投票小票");
    expect(shown()).not.toContain("选民证丢了");
    await s.send("/synonyms add 投票小票、选民证");
    expect(s.lastText()).toMatch(/^✅ 已新增第 (\d+) 组：投票小票 = 选民证$/);
    const id = Number(/第 (\d+) 组/.exec(s.lastText())![1]);
    await v.send("投票小票");
    expect(shown()).toContain("选民证丢了");

    await s.send(`/synonyms del ${id}`);
    expect(s.lastText()).toBe(`✅ 已删除第 ${id} 组。`);
    await s.send(`/synonyms del ${id}`);
    expect(s.lastText()).toBe(`没有第 ${id} 组。发送 /synonyms 查看现有的组。`);
    const audit = await h.db.prisma.auditLog.findMany({ where: { actorId: s.userId }, orderBy: { id: "asc" }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(["faq.synonyms.add", "faq.synonyms.delete"]);
  });

  it("refuses a group of one word or a nonsense verb, in the user's language", async () => {
    const s = await person("STAFF", "en");
    await s.send("/synonyms add 代投");
    expect(s.lastText()).toBe("A synonym group needs 2 to 12 different words, separated by spaces or 、.");
    await s.send("/synonyms frobnicate");
    expect(s.lastText()).toContain("Usage: /synonyms add");
  });

  it("is refused for a voter, and changes nothing", async () => {
    const v = await person("VOTER");
    const count = await h.db.prisma.faqSynonym.count();
    await v.send("/synonyms add 甲 乙");
    expect(v.lastText()).toBe("这项功能只对选举工作人员开放。");
    expect(await h.db.prisma.faqSynonym.count()).toBe(count);
  });
});
