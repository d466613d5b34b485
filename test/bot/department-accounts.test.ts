// Handling departments and lead officials with accounts: invited by an admin (/invite department
// CODE, /invite official NAME), joined with /join; a department official sees what is assigned to
// their department and records its answer (audited), never who wrote it; a lead official is told
// of the key suggestions they lead and gets the overdue escalation. Every department and official
// action tried as a voter, a delegate, another department's official and an official.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/services/clock.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";
import { compose, delegate, runJob, staff, userIdOf, voter, type Who } from "./suggestions-support.js";

const clock = fixedClock("2027-03-10T02:00:00Z");
let h: BotHarness;
let d1: Who & { delegateId: number };
let s1: Who;
let admin: Who;
let jt: Who; // 示例县交通运输局
let ny: Who; // 示例县农业农村局
let lead: Who;

beforeAll(async () => {
  h = await createBotHarness({ seed: true, clock });
  d1 = await delegate(h, 7201, 0);
  s1 = await staff(h, 7202);
  admin = await staff(h, 7203, "ADMIN");
});
afterAll(() => h?.close());

const CODE = /[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;

async function invite(args: string, who: Who): Promise<void> {
  await admin.send(`/invite ${args}`);
  const code = CODE.exec(admin.lastText())![0];
  await who.send(`/join ${code}`);
}

/** A voter's suggestion, raised by the delegate and assigned by staff to a department (by its button label); a key term leaves staff choosing the lead official. */
async function assigned(voterId: number, name: string, text: string, department: string, term = "三个月内答复") {
  const v = await voter(h, voterId, "zh-hans", name);
  await compose(v, { text });
  await v.tap("确认发送");
  const s = await h.db.prisma.suggestion.findFirstOrThrow({ orderBy: { id: "desc" } });
  await d1.send("/inbox");
  await d1.tap(s.trackingNo);
  await d1.tap("作为代表建议提出");
  await s1.send(`/suggestions ${s.trackingNo}`);
  await s1.tap("交办");
  await s1.tap(department);
  await s1.tap(term);
  return { v, s: await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: s.id } }) };
}

describe("department and lead-official accounts", () => {
  it("an admin invites them in chat; /join ties the account to the department or the name; audited", async () => {
    jt = h.person({ id: 7301, first_name: "周办事", language_code: "zh-hans" });
    ny = h.person({ id: 7302, first_name: "冯办事", language_code: "zh-hans" });
    lead = h.person({ id: 7303, first_name: "李明", language_code: "zh-hans" });
    await admin.send("/invite department");
    expect(admin.lastText()).toContain("承办单位邀请码需要单位代码");
    await admin.send("/invite department XX");
    expect(admin.lastText()).toBe("没有这个代码的承办单位（见 /departments）。");
    await invite("department JT", jt);
    expect(jt.lastText()).toBe("✅ 欢迎！您的账号现在是：承办单位工作人员 — 示例县交通运输局（JT）。");
    await invite("department NY", ny);
    await invite("official 李明（副县长）", lead);
    expect(lead.lastText()).toBe("✅ 欢迎！您的账号现在是：领办督办领导 — 李明（副县长）。");
    expect(jt.buttons()).toContain("🏢 交办给本单位的建议");
    expect(lead.buttons()).toContain("⭐ 我领办的重点建议");
    const jtId = await userIdOf(h, 7301);
    const join = await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: "account.join", actorId: jtId } });
    const department = await h.db.prisma.department.findUniqueOrThrow({ where: { code: "JT" } });
    expect(join.after).toMatchObject({ role: "DEPARTMENT", departmentId: department.id });
    await admin.send("/accounts");
    expect(admin.lastText()).toContain("承办单位工作人员 · 示例县交通运输局");
  });

  it("the department official is told, sees it without who wrote it, records the answer; author, delegate and staff are told", async () => {
    const { v, s } = await assigned(7401, "王五", "青禾镇到东村的公路有三处大坑，雨天积水，摩托车已经摔倒好几次，建议尽快修补。", "示例县交通运输局");
    expect(jt.lastText()).toContain(`建议 ${s.trackingNo} 已交给贵单位办理`);
    expect(ny.texts().some((t) => t.includes(s.trackingNo))).toBe(false);
    await jt.send("/assigned");
    expect(jt.lastText()).toContain("示例县交通运输局 · 交办的建议 · 待答复");
    expect(jt.lastText()).toContain(s.trackingNo);
    expect(jt.lastText()).not.toContain("王五");
    await jt.tap(s.trackingNo);
    expect(jt.lastText()).toContain("三处大坑");
    expect(jt.lastText()).toContain("来信人：（不向承办单位和领导显示）");
    expect(jt.lastText()).not.toContain("王五");
    await jt.tap("录入本单位的答复");
    expect(jt.lastText()).toContain(`请发送本单位对 ${s.trackingNo} 的答复`);
    await jt.send("已安排养护站本周内修补三处坑槽，并在积水路段加设排水沟。");
    expect(jt.texts().at(-2)).toBe(`${s.trackingNo} 的答复已录入，已通知来信人、代表和工作人员。`);
    expect(v.lastText()).toContain(`示例县交通运输局 答复了建议 ${s.trackingNo}`);
    expect(v.buttons()).toContain("😊 满意");
    expect(s1.texts().some((t) => t === `${s.trackingNo}：示例县交通运输局 已答复。`)).toBe(true);
    const after = await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: s.id } });
    expect(after).toMatchObject({ status: "ANSWERED", answer: "已安排养护站本周内修补三处坑槽，并在积水路段加设排水沟。" });
    expect(after.firstAssignedAnswerOn).not.toBeNull();
    const event = await h.db.prisma.suggestionEvent.findFirstOrThrow({ where: { suggestionId: s.id, action: "ANSWER" } });
    expect(event).toMatchObject({ actorRole: "DEPARTMENT", actorUserId: await userIdOf(h, 7301) });
    const audit = await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: "suggestion.answer", subject: `suggestion:${s.id}` } });
    expect(audit.actorId).toBe(await userIdOf(h, 7301));
    // The answer button of before is stale now.
    await jt.press(`dp-a:${s.id}:${s.version}`);
    expect(jt.toasts().at(-1)).toBe("这个按钮已过期：这条建议已有新的进展，请重新打开查看。");
  });

  it("every department and official action as a voter, a delegate, another department and an official: refused, nothing changes", async () => {
    const { s } = await assigned(7402, "赵六", "东村路口的红绿灯坏了两个星期，早上上学的孩子过马路很危险，建议尽快修好。", "示例县交通运输局");
    const intruder = await voter(h, 7403);
    const before = JSON.stringify(await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: s.id } }));
    const departmentButtons = [`dp-a:${s.id}:${s.version}`, `dp-s:${s.id}`, "dp:open:0"];
    for (const [who, label] of [[intruder, "voter"], [d1, "delegate"], [lead, "official"]] as const) {
      for (const data of departmentButtons) {
        await who.press(data);
        expect(who.toasts().at(-1), `${label} ${data}`).toBe("这项功能只对承办单位工作人员开放。");
      }
      await who.send("/assigned");
      expect(who.lastText(), label).toBe("这项功能只对承办单位工作人员开放。");
    }
    for (const [who, label] of [[intruder, "voter"], [d1, "delegate"], [jt, "department"]] as const) {
      for (const data of [`ld-s:${s.id}`, "ld:0"]) {
        await who.press(data);
        expect(who.toasts().at(-1), `${label} ${data}`).toBe("这项功能只对领办督办领导开放。");
      }
      await who.send("/supervising");
      expect(who.lastText(), label).toBe("这项功能只对领办督办领导开放。");
    }
    // Another department's official: not in their list, not readable, cannot answer.
    await ny.send("/assigned");
    expect(ny.lastText()).not.toContain(s.trackingNo);
    await ny.press(`dp-s:${s.id}`);
    expect(ny.lastText()).toBe("这条建议没有交给您的单位办理。");
    await ny.press(`dp-a:${s.id}:${s.version}`);
    expect(ny.toasts().at(-1)).toBe("这条建议没有交给您的单位办理。");
    // An official who does not lead it cannot read it.
    await lead.press(`ld-s:${s.id}`);
    expect(lead.lastText()).toBe("这条建议不是由您领办督办的重点建议。");
    // Staff acts stay staff's: a department official pressing them is refused.
    await jt.press(`st-a:${s.id}:${s.version}:ANSWER`);
    expect(jt.toasts().at(-1)).toBe("这项功能只对选举工作人员开放。");
    // The service itself refuses a department answer from the wrong department.
    const wrong = await h.services.suggestions.act({ userId: await userIdOf(h, 7302), as: "DEPARTMENT" }, s.id, { type: "ANSWER", text: "不是我们单位的事。" }, s.version);
    expect(wrong).toEqual({ ok: false, error: "NOT_YOURS" });
    expect(JSON.stringify(await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: s.id } }))).toBe(before);

    // Re-assigned (改办) while the official types: their answer is refused, the new department's stands.
    await jt.send("/assigned");
    await jt.tap(s.trackingNo);
    await jt.tap("录入本单位的答复");
    await s1.send(`/suggestions ${s.trackingNo}`);
    await s1.tap("交办");
    await s1.tap("示例县农业农村局");
    await s1.tap("三个月内答复");
    await jt.send("已修复。");
    expect(jt.lastText()).toBe("这条建议没有交给您的单位办理。");
    expect((await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: s.id } })).answer).toBeNull();
  });

  it("a key suggestion led by an official account: told, listed; reminders reach the department, the escalation the lead official", async () => {
    const { s } = await assigned(7404, "钱七", "镇中心小学门口的公路没有减速带和斑马线，车速很快，建议设置减速带、斑马线和警示牌。", "示例县交通运输局", "重点建议，三个月");
    expect(s1.lastText()).toBe("请选择领衔督办的领导；不在名单上的，直接发送其姓名：");
    await s1.tap("李明（副县长）");
    const row = await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: s.id } });
    expect(row).toMatchObject({ key: true, leadOfficial: "李明（副县长）", leadOfficialUserId: await userIdOf(h, 7303) });
    expect(lead.lastText()).toContain(`重点建议 ${s.trackingNo} 已交 示例县交通运输局 办理，由您领办督办`);
    expect(jt.lastText()).toContain("领衔督办：李明（副县长）");
    await lead.send("/supervising");
    expect(lead.lastText()).toContain(s.trackingNo);
    await lead.tap(s.trackingNo);
    expect(lead.lastText()).toContain("减速带");
    expect(lead.lastText()).not.toContain("钱七");
    expect(lead.buttons()).toEqual(["⬅️ 重点建议列表"]);

    const count = (who: Who, part: string) => who.texts().filter((t) => t?.includes(part) && t.includes(s.trackingNo)).length;
    const deadline = row.deadline!;
    clock.set(new Date(deadline.getTime() - 14 * 86_400_000 + 2 * 3600_000));
    await runJob(h);
    expect(count(jt, "还有两周")).toBe(1);
    expect(count(ny, "还有两周")).toBe(0);
    clock.set(new Date(deadline.getTime() + 86_400_000 + 2 * 3600_000));
    await runJob(h);
    expect(count(lead, "督办：建议")).toBe(1);
    expect(count(admin, "督办：建议")).toBe(1);
    expect(count(s1, "督办：建议")).toBe(0);
    // The escalation's button opens the official's own view.
    await lead.tap("查看");
    expect(lead.lastText()).toContain(`📝 ${s.trackingNo}`);
  });

  it("a lead official whose account is revoked is told nothing more; the admins still get the escalation", async () => {
    const { s } = await assigned(7405, "孙八", "东村到镇上的路段没有路灯，冬天傍晚放学的孩子走夜路，建议安装路灯并修补路面。", "示例县交通运输局", "重点建议，三个月");
    await s1.tap("李明（副县长）");
    const row = await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: s.id } });
    expect(row.leadOfficialUserId).toBe(await userIdOf(h, 7303));
    const revoked = await h.services.accounts.changeRole(await userIdOf(h, 7203), await userIdOf(h, 7303), "OFFICIAL", "VOTER");
    expect(revoked.kind).toBe("changed");
    await lead.send("/supervising");
    expect(lead.lastText()).toBe("这项功能只对领办督办领导开放。");
    clock.set(new Date(row.deadline!.getTime() + 86_400_000 + 2 * 3600_000));
    await runJob(h);
    const count = (who: Who) => who.texts().filter((t) => t?.includes("督办：建议") && t.includes(s.trackingNo)).length;
    expect(count(lead)).toBe(0);
    expect(count(admin)).toBe(1);
  });
});
