// What the services tell "staff" about a record goes to the staff who may see it only: admins,
// county-wide staff (scoped to the county, or without a scope) and the staff of the record's
// township — never another township's staff, who would read tracking numbers, answers and reasons
// of items outside their area. Suggestions: the status pushes, the deadline reminders and the
// escalation, checked when scheduled and again when sent (a notice queued before a rescope, or
// before this rule, is dropped). The rule is accounts.staffWhoMaySee.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/services/clock.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";
import { raisedIn, runJob, staff, userIdOf, type Who } from "./suggestions-support.js";

const clock = fixedClock("2027-03-10T02:00:00Z");
let h: BotHarness;

// Demo constituencies (src/db/seed/demo-data.ts): 01–03 lie in 青禾镇, 04 in 石桥乡, 05 is a work-unit one.
const COUNTY = "999901";
const QINGHE = "999901001";
const SHIQIAO = "999901002";

type Filed = Awaited<ReturnType<typeof raisedIn>>;
const raised = (code: string, text: string) => raisedIn(h, code, text);

let county: Who; // staff scoped to the county
let unscoped: Who; // staff without a scope area (county-wide)
let admin: Who;
let qinghe: Who; // 青禾镇 staff
let shiqiao: Who; // 石桥乡 staff
let mover: Who; // 青禾镇 staff, moved to 石桥乡 after the assignment

/** Messages the person got that mention `s` (its tracking number). */
const about = (who: Who, s: Filed) => who.texts().filter((t) => t?.includes(s.trackingNo));

async function noticeRowsFor(who: Who, s: Filed): Promise<string[]> {
  const rows = await h.db.prisma.suggestionNotice.findMany({ where: { suggestionId: s.id, recipientUserId: await userIdOf(h, who.who.id) }, select: { kind: true } });
  return rows.map((r) => r.kind);
}

beforeAll(async () => {
  h = await createBotHarness({ seed: true, clock, env: { RATE_LIMIT_MESSAGES_PER_MINUTE: "1000" } });
  county = await h.staffIn(7501, COUNTY);
  unscoped = await staff(h, 7502);
  admin = await staff(h, 7503, "ADMIN");
  qinghe = await h.staffIn(7504, QINGHE);
  shiqiao = await h.staffIn(7505, SHIQIAO);
  mover = await h.staffIn(7506, QINGHE);
});
afterAll(() => h?.close());

describe("status pushes to staff", () => {
  it("a 青禾镇 suggestion raised formally: county staff, staff without a scope, admins and 青禾镇 staff are told; 石桥乡 staff are not", async () => {
    const s = await raised("01", "青禾镇东村村口的路灯坏了一个多月，晚上孩子放学很不安全，建议尽快修复。");
    await runJob(h);
    for (const who of [county, unscoped, admin, qinghe, mover]) {
      expect(about(who, s), String(who.who.id)).toHaveLength(1);
      expect(about(who, s)[0]).toContain("请01选区尽快办理");
    }
    expect(about(shiqiao, s)).toEqual([]);
    expect(await noticeRowsFor(shiqiao, s)).toEqual([]);
  });

  it("a 石桥乡 suggestion: 石桥乡 staff are told, 青禾镇 staff are not", async () => {
    const s = await raised("04", "石桥乡北岭村到乡里的公交车一天只有两班，老人看病很不方便，建议增加班次。");
    await runJob(h);
    for (const who of [county, unscoped, admin, shiqiao]) expect(about(who, s), String(who.who.id)).toHaveLength(1);
    for (const who of [qinghe, mover]) {
      expect(about(who, s)).toEqual([]);
      expect(await noticeRowsFor(who, s)).toEqual([]);
    }
  });

  it("a work-unit constituency's suggestion (no villages): county-wide staff and admins only", async () => {
    const s = await raised("05", "县医院职工宿舍区的道路年久失修，雨天积水严重，建议尽快维修。");
    await runJob(h);
    for (const who of [county, unscoped, admin]) expect(about(who, s), String(who.who.id)).toHaveLength(1);
    for (const who of [qinghe, shiqiao, mover]) expect(about(who, s)).toEqual([]);
  });
});

describe("deadline reminders, the escalation and later pushes", () => {
  it("a 青禾镇 suggestion assigned: reminders and the department's answer reach 青禾镇 staff, not 石桥乡 staff (nor one moved there since)", async () => {
    const s = await raised("01", "青禾镇西村的自来水经常停水，夏天用水很困难，建议尽快改造供水管网。");
    await runJob(h);
    const department = await h.db.prisma.department.findFirstOrThrow({ where: { code: "JT" } });
    const assigned = await h.services.suggestions.act({ userId: await userIdOf(h, county.who.id), as: "STAFF" }, s.id, { type: "ASSIGN", departmentId: department.id, complex: false });
    expect(assigned.ok).toBe(true);
    // Scheduled for the township's staff, not for the other township's.
    expect(await noticeRowsFor(qinghe, s)).toEqual(expect.arrayContaining(["DUE_SOON", "DUE_TODAY"]));
    expect(await noticeRowsFor(shiqiao, s)).toEqual([]);
    // An account moved to 石桥乡 after the reminders were scheduled no longer gets them.
    const shiqiaoArea = await h.db.prisma.adminArea.findUniqueOrThrow({ where: { code: SHIQIAO } });
    await h.db.prisma.user.update({ where: { telegramId: BigInt(mover.who.id) }, data: { scopeAreaId: shiqiaoArea.id } });

    const dueSoon = await h.db.prisma.suggestionNotice.findFirstOrThrow({ where: { suggestionId: s.id, kind: "DUE_SOON" } });
    clock.set(dueSoon.dueAt);
    const before = new Map([county, unscoped, admin, qinghe, shiqiao, mover].map((w) => [w.who.id, about(w, s).length]));
    await runJob(h);
    for (const who of [county, unscoped, admin, qinghe]) expect(about(who, s).length, String(who.who.id)).toBe(before.get(who.who.id)! + 1);
    expect(about(shiqiao, s).length).toBe(0);
    expect(about(mover, s).length).toBe(before.get(mover.who.id));
    const moverRows = await h.db.prisma.suggestionNotice.findMany({ where: { suggestionId: s.id, recipientUserId: await userIdOf(h, mover.who.id), kind: "DUE_SOON" } });
    expect(moverRows.map((r) => [r.sentAt, r.cancelledAt !== null])).toEqual([[null, true]]);

    // The department answers: staff of the area are told, with the answer kept from the others.
    const official = await h.db.prisma.user.create({ data: { telegramId: 8_810_900n, firstName: "交通局", role: "DEPARTMENT", departmentId: department.id } });
    const answer = "西村供水管网改造已列入今年计划，九月底前完工。";
    const answered = await h.services.suggestions.act({ userId: official.id, as: "DEPARTMENT" }, s.id, { type: "ANSWER", text: answer });
    expect(answered.ok).toBe(true);
    const staffStatus = await h.db.prisma.suggestionNotice.findMany({ where: { suggestionId: s.id, kind: "STAFF_STATUS", params: { path: ["action"], equals: "ANSWER" } }, select: { recipientUserId: true } });
    const ids = async (...ws: Who[]) => Promise.all(ws.map((w) => userIdOf(h, w.who.id)));
    expect(staffStatus.map((r) => r.recipientUserId).sort()).toEqual((await ids(county, unscoped, admin, qinghe)).sort());
    await runJob(h);
    for (const who of [county, unscoped, admin, qinghe]) expect(about(who, s).length, String(who.who.id)).toBe(before.get(who.who.id)! + 2);
    expect(about(shiqiao, s)).toEqual([]);
  });

  it("a 青禾镇 suggestion past its deadline: the escalation goes to the admins, never to 石桥乡 staff", async () => {
    const s = await raised("02", "青禾镇中心小学门口没有减速带和斑马线，上下学时段车辆很多，建议尽快设置。");
    const department = await h.db.prisma.department.findFirstOrThrow({ where: { code: "JT" } });
    const assigned = await h.services.suggestions.act({ userId: await userIdOf(h, county.who.id), as: "STAFF" }, s.id, { type: "ASSIGN", departmentId: department.id, complex: false });
    expect(assigned.ok).toBe(true);
    const overdue = await h.db.prisma.suggestionNotice.findMany({ where: { suggestionId: s.id, kind: "OVERDUE_TO_SUPERVISOR" }, select: { recipientUserId: true, dueAt: true } });
    expect(overdue.map((r) => r.recipientUserId)).toEqual([await userIdOf(h, admin.who.id)]);
    const dueToday = await h.db.prisma.suggestionNotice.findMany({ where: { suggestionId: s.id, kind: "DUE_TODAY" }, select: { recipientUserId: true } });
    expect(dueToday.map((r) => r.recipientUserId)).not.toContain(await userIdOf(h, shiqiao.who.id));
    clock.set(overdue[0]!.dueAt);
    await runJob(h);
    expect(about(admin, s).some((t) => t?.includes("督办"))).toBe(true);
    expect(about(shiqiao, s)).toEqual([]);
  });
});

describe("notices queued before the rule", () => {
  it("a staff push already queued for 石桥乡 staff about a 青禾镇 suggestion is dropped when due, not sent", async () => {
    const s = await raised("03", "青禾镇南村的垃圾清运不及时，夏天气味很大，建议增加清运次数。");
    await runJob(h);
    const stale = await h.db.prisma.suggestionNotice.create({
      data: {
        suggestionId: s.id,
        kind: "STAFF_STATUS",
        recipientUserId: await userIdOf(h, shiqiao.who.id),
        dedupeKey: `stale-${s.id}`,
        dueAt: clock.now(),
        params: { trackingNo: s.trackingNo, action: "RAISE_FORMAL", status: "RAISED", note: "旧规则排下的通知" },
      },
    });
    const qingheStale = await h.db.prisma.suggestionNotice.create({
      data: {
        suggestionId: s.id,
        kind: "STAFF_STATUS",
        recipientUserId: await userIdOf(h, qinghe.who.id),
        dedupeKey: `stale-qh-${s.id}`,
        dueAt: clock.now(),
        params: { trackingNo: s.trackingNo, action: "RAISE_FORMAL", status: "RAISED", note: "旧规则排下的通知" },
      },
    });
    const shown = about(qinghe, s).length;
    await runJob(h);
    expect(about(shiqiao, s)).toEqual([]);
    const after = await h.db.prisma.suggestionNotice.findUniqueOrThrow({ where: { id: stale.id } });
    expect([after.sentAt, after.cancelledAt !== null]).toEqual([null, true]);
    // The same kind of row for a 青禾镇 staff member goes out.
    expect((await h.db.prisma.suggestionNotice.findUniqueOrThrow({ where: { id: qingheStale.id } })).sentAt).not.toBeNull();
    expect(about(qinghe, s).length).toBe(shown + 1);
  });
});
