// The suggestion services against a real database: figures in SQL equal the domain's functions on
// the same rows; the seed's headline (256 → 16 key, satisfaction 100 %) comes out of our data;
// a double submit files one; a deleted author leaves an anonymised suggestion; activity record
// and report-back.
import pino from "pino";
import { loadConfig } from "../../src/config/config.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, parseLocalDate, type LocalDate } from "../../src/domain/dates.js";
import { deadlineStats, satisfactionSummary, type DeadlineRecord, type Rating } from "../../src/domain/suggestion-rules.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { fixedClock } from "../../src/services/clock.js";
import { createServices, type Services } from "../../src/services/index.js";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
let services: Services;
const clock = fixedClock("2027-06-01T02:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
  services = createServices(db.prisma, loadConfig({ LOG_LEVEL: "silent" }), pino({ level: "silent" }), clock);
});
afterAll(() => db?.close());

const d = (s: string) => new Date(`${s}T00:00:00Z`);

/** Suggestions written straight into the tables, as a county's years of data would be. */
async function insertRaw(rows: { constituencyId: number; delegateIds: number[]; submittedOn: string; status: string; assignedOn?: string; deadline?: string; firstAssignedAnswerOn?: string; firstAnsweredOn?: string; rating?: Rating; reopenCount?: number; key?: boolean }[], tag: string) {
  let i = 0;
  for (const r of rows) {
    i++;
    await db.prisma.suggestion.create({
      data: {
        trackingNo: `${tag}-${i}`,
        idempotencyKey: `${tag}-${i}`,
        constituencyId: r.constituencyId,
        text: "测试建议内容测试建议内容测试建议内容",
        status: r.status as never,
        submittedAt: d(r.submittedOn),
        submittedOn: d(r.submittedOn),
        assignedOn: r.assignedOn ? d(r.assignedOn) : null,
        deadline: r.deadline ? d(r.deadline) : null,
        firstAssignedAnswerOn: r.firstAssignedAnswerOn ? d(r.firstAssignedAnswerOn) : null,
        firstAnsweredOn: r.firstAnsweredOn ? d(r.firstAnsweredOn) : null,
        rating: r.rating ?? null,
        reopenCount: r.reopenCount ?? 0,
        key: r.key ?? false,
        recipients: { create: r.delegateIds.map((delegateId) => ({ delegateId, status: r.status as never, submittedAt: d(r.submittedOn) })) },
      },
    });
  }
}

describe("figures in SQL agree with the domain's definitions", () => {
  it("per delegate: in time, overdue, reopened, satisfaction and days equal deadlineStats / satisfactionSummary", async () => {
    const delegates = await db.prisma.delegate.findMany({ orderBy: { id: "asc" }, take: 2 });
    const [a, b] = delegates as [typeof delegates[0], typeof delegates[0]];
    // A deterministic spread of cases for delegate a (and some for b that must not leak into a's).
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ratings: Rating[] = ["SATISFIED", "BASICALLY_SATISFIED", "DISSATISFIED"];
    const rows: Parameters<typeof insertRaw>[0] = [];
    const records: DeadlineRecord[] = [];
    const rated: Rating[] = [];
    let daysSum = 0;
    let answered = 0;
    for (let i = 0; i < 120; i++) {
      const submittedOn = addDays(parseLocalDate("2026-01-05"), Math.floor(rnd() * 300));
      const assigned = rnd() < 0.6;
      const assignedOn = addDays(submittedOn, 3);
      const deadline = addDays(assignedOn, rnd() < 0.3 ? 180 : 90);
      const answeredAt = rnd() < 0.75 ? addDays(assignedOn, Math.floor(rnd() * 200)) : null;
      const answeredOn = answeredAt && answeredAt <= "2027-06-01" ? (answeredAt as LocalDate) : null;
      const rating = answeredOn && rnd() < 0.8 ? ratings[Math.floor(rnd() * 3)]! : undefined;
      const reopenCount = rating === "DISSATISFIED" && rnd() < 0.5 ? 1 : 0;
      rows.push({
        constituencyId: a.constituencyId!,
        delegateIds: i % 5 === 0 ? [a.id, b.id] : [a.id],
        submittedOn,
        status: answeredOn ? "ANSWERED" : assigned ? "ASSIGNED" : "ACKNOWLEDGED",
        ...(assigned ? { assignedOn, deadline, ...(answeredOn ? { firstAssignedAnswerOn: answeredOn } : {}) } : {}),
        ...(answeredOn ? { firstAnsweredOn: answeredOn } : {}),
        ...(rating ? { rating } : {}),
        reopenCount,
      });
      if (assigned) records.push({ assignedOn, deadline, answeredOn, reopened: reopenCount > 0 });
      if (rating) rated.push(rating);
      if (answeredOn) {
        answered++;
        daysSum += (Date.parse(answeredOn) - Date.parse(submittedOn)) / 86_400_000;
      }
    }
    await insertRaw(rows, "FIG");
    await insertRaw([{ constituencyId: b.constituencyId!, delegateIds: [b.id], submittedOn: "2026-02-01", status: "ASSIGNED", assignedOn: "2026-02-02", deadline: "2026-05-02" }], "FIGB");

    const [fa] = await services.suggestionFigures.perDelegate(a.id);
    const stats = deadlineStats(records, parseLocalDate("2027-06-01"));
    const sat = satisfactionSummary(rated);
    expect(fa!.received).toBe(120);
    expect(fa!.assigned).toBe(stats.assigned);
    expect(fa!.answeredInTime).toBe(stats.answeredInTime);
    expect(fa!.answeredLate).toBe(stats.answeredLate);
    expect(fa!.overdue).toBe(stats.openOverdue);
    expect(fa!.inTimePercent).toBe(stats.inTimePercent);
    expect(fa!.averageDaysAssignedToAnswer).toBe(stats.averageDaysToAnswer);
    expect(fa!.satisfactionPercent).toBe(sat.satisfactionPercent);
    expect(fa!.rated).toBe(sat.total);
    expect(fa!.averageDaysToAnswer).toBe(Math.round((daysSum / answered) * 10) / 10);
    expect(fa!.reopened).toBe(rows.filter((r) => (r.reopenCount ?? 0) > 0).length);

    const all = await services.suggestionFigures.perDelegate();
    expect(all.find((x) => x.delegateId === b.id)!.received).toBe(rows.filter((r) => r.delegateIds.includes(b.id)).length + 1);
    expect(all.find((x) => x.delegateId === b.id)!.overdue).toBeGreaterThanOrEqual(1);
    const byConstituency = await services.suggestionFigures.perConstituency();
    expect(byConstituency.reduce((n, c) => n + c.received, 0)).toBe(121);
    await db.prisma.suggestion.deleteMany({});
  });

  it("the seed's headline: 256 suggestions, 16 key suggestions, satisfaction 100 %", async () => {
    const delegates = await db.prisma.delegate.findMany({ orderBy: { id: "asc" } });
    const rows: Parameters<typeof insertRaw>[0] = [];
    for (let i = 0; i < 256; i++) {
      const dl = delegates[i % delegates.length]!;
      const key = i < 16;
      rows.push({
        constituencyId: dl.constituencyId!,
        delegateIds: [dl.id],
        submittedOn: "2026-01-10",
        status: key ? "CLOSED" : i % 3 === 0 ? "CLOSED" : "ASSIGNED",
        ...(key || i % 3 === 0 ? { assignedOn: "2026-07-15", deadline: "2026-10-15", firstAssignedAnswerOn: "2026-09-30", firstAnsweredOn: "2026-09-30", rating: (i % 2 ? "SATISFIED" : "BASICALLY_SATISFIED") as Rating } : {}),
        key,
      });
    }
    await insertRaw(rows, "SEED");
    const county = await services.suggestionFigures.county();
    expect(county.received).toBe(256);
    expect(county.key).toBe(16);
    expect(county.satisfactionPercent).toBe(100);
    expect(county.answeredInTime).toBe(county.assigned);
    expect(county.assigned).toBe(rows.filter((r) => r.assignedOn).length);
    await db.prisma.suggestion.deleteMany({});
  });
});

describe("filing", () => {
  it("two taps on send at the same moment file one suggestion", async () => {
    const dl = (await db.prisma.delegate.findFirstOrThrow({ orderBy: { id: "asc" } }));
    const u = await db.prisma.user.create({ data: { telegramId: 55501n, constituencyId: dl.constituencyId } });
    const input = { userId: u.id, idempotencyKey: "k1", kind: "SUGGESTION" as const, categoryId: null, delegateIds: [], text: "东村路口的红绿灯坏了两个星期，车辆乱闯很危险，请尽快修理。", photos: [], location: null, anonymous: false, locale: "zh-CN" };
    const [r1, r2] = await Promise.all([services.suggestions.submit(input), services.suggestions.submit(input)]);
    expect(r1.ok && r2.ok).toBe(true);
    expect(await db.prisma.suggestion.count({ where: { authorId: u.id } })).toBe(1);
    expect([r1, r2].filter((r) => r.ok && r.replay)).toHaveLength(1);
    const q = await db.prisma.suggestionQuota.findFirstOrThrow({ where: { userId: u.id } });
    expect(q.count).toBe(1);
  });

  it("a spam burst — eight different suggestions sent at once — files the daily five and refuses the rest", async () => {
    const dl = await db.prisma.delegate.findFirstOrThrow({ orderBy: { id: "asc" } });
    const u = await db.prisma.user.create({ data: { telegramId: 55509n, constituencyId: dl.constituencyId } });
    // Eight different matters (not near-duplicates of each other).
    const texts = [
      "东村村口排水沟堵塞三个月了，下雨就积水，建议尽快清理疏通。",
      "西村小学门前没有斑马线，孩子过马路很危险，建议施划斑马线。",
      "南村自来水最近经常浑浊发黄，担心水质有问题，请检测水质。",
      "北村垃圾清运一周才一次，夏天气味很大，建议增加清运频次。",
      "青禾镇卫生院周末只有一名医生值班，排队太久，建议增加人手。",
      "白沙乡到县城的班车下午四点就停了，打工的人回不来，请延长。",
      "红旗村养老服务站一直没有开门，老人没地方活动，请尽快开放。",
      "新民村桥面护栏锈断了两处，晚上骑车经过容易出事，建议修复。",
    ];
    const results = await Promise.all(
      texts.map((text, i) =>
        services.suggestions.submit({ userId: u.id, idempotencyKey: `burst-${i}`, kind: "SUGGESTION", categoryId: null, delegateIds: [], text, photos: [], location: null, anonymous: false, locale: "zh-CN" }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(services.suggestions.limits.perDay);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(["DAILY_LIMIT", "DAILY_LIMIT", "DAILY_LIMIT"]);
    expect(await db.prisma.suggestion.count({ where: { authorId: u.id } })).toBe(5);
    expect((await db.prisma.suggestionQuota.findFirstOrThrow({ where: { userId: u.id } })).count).toBe(5);
  });

  it("a deleted author leaves an anonymised suggestion (anonymiseAuthor, for /mydata)", async () => {
    const u = await db.prisma.user.findUniqueOrThrow({ where: { telegramId: 55501n } });
    const s = await db.prisma.suggestion.findFirstOrThrow({ where: { authorId: u.id } });
    await db.prisma.suggestion.update({ where: { id: s.id }, data: { latitude: 1, longitude: 2 } });
    expect(await services.suggestions.anonymiseAuthor(u.id)).toBe(1);
    const after = await db.prisma.suggestion.findUniqueOrThrow({ where: { id: s.id } });
    expect(after).toMatchObject({ authorId: null, authorDeleted: true, latitude: null, longitude: null, text: s.text });
    expect(await db.prisma.suggestionEvent.count({ where: { suggestionId: s.id, actorUserId: u.id } })).toBe(0);
    const view = await services.suggestions.forStaff(s.id);
    expect(view!.author).toEqual({ kind: "DELETED" });
    expect(await db.prisma.suggestionNotice.count({ where: { recipientUserId: u.id, sentAt: null, cancelledAt: null } })).toBe(0);
  });
});

describe("activity record and report-back", () => {
  it("logs activities, counts them by period, refuses future dates; publishes a report voters read and rate", async () => {
    const dl = await db.prisma.delegate.findFirstOrThrow({ orderBy: { id: "asc" } });
    const du = await db.prisma.user.create({ data: { telegramId: 55502n, role: "DELEGATE" } });
    await db.prisma.delegate.update({ where: { id: dl.id }, data: { userId: du.id } });
    const w = services.delegateWork;
    expect(await w.logActivity(du.id, { kind: "VISIT", on: parseLocalDate("2027-05-20"), place: "东村", note: "走访独居老人" })).toMatchObject({ ok: true });
    expect(await w.logActivity(du.id, { kind: "MEETING", on: parseLocalDate("2027-06-01"), place: "县人大", note: null })).toMatchObject({ ok: true });
    expect(await w.logActivity(du.id, { kind: "SURVEY", on: parseLocalDate("2027-06-02"), place: "西村", note: null })).toEqual({ ok: false, error: "FUTURE_DATE" });
    const month = await w.activitySummary(du.id, "month");
    expect(month).toMatchObject({ total: 1, from: "2027-06-01" });
    const year = await w.activitySummary(du.id, "year");
    expect(year!.byKind).toMatchObject({ VISIT: 1, MEETING: 1, SURVEY: 0 });

    const r = await w.createReport(du.id, "2027年上半年述职", "半年来走访选民二十次，提出建议五件，其中三件已办结。");
    expect(r.ok).toBe(true);
    const voterInside = await db.prisma.user.create({ data: { telegramId: 55503n, constituencyId: dl.constituencyId } });
    const voterOutside = await db.prisma.user.create({ data: { telegramId: 55504n } });
    expect((await w.reportsForVoter(voterInside.id)).reports).toHaveLength(0); // not yet published
    const reportId = (r as { id: number }).id;
    const pub = await w.publishReport(reportId, du.id);
    const linked = await db.prisma.user.count({ where: { constituencyId: dl.constituencyId, unreachableAt: null } });
    expect(pub).toEqual({ published: true, audience: linked });
    // Publishing again sends nobody anything twice: one REPORT_BACK broadcast, one delivery per voter.
    expect(await w.publishReport(reportId, du.id)).toEqual({ published: false, audience: linked });
    const b = await db.prisma.broadcast.findUniqueOrThrow({ where: { key: `report:${reportId}` }, include: { deliveries: true } });
    expect(b).toMatchObject({ kind: "REPORT_BACK", total: linked, createdById: du.id });
    expect(b.deliveries.map((x) => x.userId)).toContain(voterInside.id);
    expect(b.deliveries.map((x) => x.userId)).not.toContain(voterOutside.id);
    expect(b.deliveries[0]!.payload).toEqual({ reportId, delegateName: dl.fullName, title: "2027年上半年述职" });
    expect((await w.reportsForVoter(voterInside.id)).reports.map((x) => x.title)).toEqual(["2027年上半年述职"]);
    expect(await w.reportsForVoter(voterOutside.id)).toEqual({ linked: false, reports: [] });
    expect(await w.rateReport(voterOutside.id, (r as { id: number }).id, { rating: "SATISFIED" })).toEqual({ ok: false });
    await w.rateReport(voterInside.id, (r as { id: number }).id, { rating: "SATISFIED" });
    await w.rateReport(voterInside.id, (r as { id: number }).id, { comment: "辛苦了" });
    const own = await w.ownReports(du.id);
    expect(own[0]).toMatchObject({ ratings: { total: 1, satisfied: 1 }, comments: 1 });
  });
});
