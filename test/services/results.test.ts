// Election results, the service: a round's sheet (opens on election day, registered from the roll,
// the ballot list), impossible entries refused with the field to fix, parts summed, confirmation
// (counted once, elected marked, audited), what comes next (the round again when void, a re-vote,
// a further election with its list, vacant seats), and publication (subscribers told once through
// the outbox, the generic results reminder not sent again, resultsPublishedOn when all are out),
// and reopening a confirmed round for correction (refusals, once, elected cleared, audited).
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { fixedClock } from "../../src/services/clock.js";
import { createServices, type Services } from "../../src/services/index.js";
import { checkCounts, reopenReason, type BallotCounts, type SheetView } from "../../src/services/results.js";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
let services: Services;
const clock = fixedClock("2026-12-14T04:00:00Z"); // the day before election day (E = 2026-12-15)
const config = loadConfig({ BOT_TOKEN: "123456:TEST-token-abcdefghijklmnopqrstuvwxyz0123", BOT_MODE: "polling", LOG_LEVEL: "silent" });
const ids: Record<string, number> = {};
const ballots: Record<string, string[]> = {};
let subscriber: number;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
  services = createServices(db.prisma, config, pino({ level: "silent" }), clock);
  for (const c of await db.prisma.constituency.findMany({ include: { candidates: { orderBy: { id: "asc" } } } })) {
    ids[c.code] = c.id;
    ballots[c.code] = c.candidates.map((k) => k.fullName);
  }
  // Constituency 01: two subscribers, one who switched the results topic off, one who blocked the bot,
  // and a voter of another constituency.
  subscriber = (await db.prisma.user.create({ data: { telegramId: 7001n, constituencyId: ids["01"]!, locale: "en" } })).id;
  await db.prisma.user.create({ data: { telegramId: 7002n, constituencyId: ids["01"]!, quietFrom: 0, quietTo: 0 } });
  const off = await db.prisma.user.create({ data: { telegramId: 7003n, constituencyId: ids["01"]! } });
  await services.reminderPreferences.setTopic(off.id, "results", false);
  await db.prisma.user.create({ data: { telegramId: 7004n, constituencyId: ids["01"]!, unreachableAt: new Date() } });
  await db.prisma.user.create({ data: { telegramId: 7005n, constituencyId: ids["02"]! } });
});
afterAll(() => db?.close());

const counts = (c: Partial<BallotCounts> & { votes: Record<string, number> }): BallotCounts => ({ voted: 0, proxyVotes: 0, returned: 0, valid: 0, invalid: 0, ...c });

async function start(code: string): Promise<SheetView> {
  const r = await services.results.startRound(ids[code]!, null);
  if (!r.ok) throw new Error(r.problem);
  return r.sheet;
}

describe("checkCounts: impossible entries, with the field to fix", () => {
  it.each([
    ["negative", { voted: -1 }, "NOT_A_COUNT", "voted"],
    ["fraction", { returned: 1.5 }, "NOT_A_COUNT", "returned"],
    ["above a million", { valid: 1_000_001 }, "NOT_A_COUNT", "valid"],
    ["more voted than registered", { voted: 501 }, "VOTED_ABOVE_REGISTERED", "voted"],
    ["proxy above voted", { voted: 10, proxyVotes: 11 }, "PROXY_ABOVE_VOTED", "proxyVotes"],
    ["valid above returned", { returned: 10, valid: 11 }, "VALID_ABOVE_RETURNED", "valid"],
    ["valid + invalid ≠ returned", { returned: 10, valid: 8, invalid: 1 }, "VALID_INVALID_NOT_RETURNED", "invalid"],
    ["one name above the valid ballots", { returned: 10, valid: 8, invalid: 2, votes: { 甲: 9 } }, "VOTES_ABOVE_VALID", "votes"],
    ["total above valid × seats", { returned: 10, valid: 8, invalid: 2, votes: { 甲: 8, 乙: 8, 丙: 1 } }, "VOTES_ABOVE_VALID_TIMES_SEATS", "votes"],
  ] as const)("%s", (_label, c, code, field) => {
    const problems = checkCounts(c, { seats: 2, registeredLeft: 500 });
    expect(problems.map((p) => [p.code, p.field])).toEqual([[code, field]]);
  });
  it("more ballots returned than voted is no entry error (a void round)", () => {
    expect(checkCounts({ voted: 10, returned: 11, valid: 11, invalid: 0, votes: { 甲: 11 } }, { seats: 1, registeredLeft: 20 })).toEqual([]);
  });
});

describe("a first round", () => {
  it("opens on election day; the refusal names it", async () => {
    expect(await services.results.startRound(ids["01"]!, null)).toEqual({ ok: false, problem: "BEFORE_ELECTION_DAY", opensOn: "2026-12-15" });
    clock.set("2026-12-15T11:00:00Z"); // 19:00 on election day
  });

  it("starts with the seats, the formal candidates and the roll's registered voters; a second start returns the same draft", async () => {
    const s = await start("01");
    expect(s).toMatchObject({ round: "FIRST", roundNo: 1, seats: 2, status: "DRAFT", entered: false, ballot: ballots["01"] });
    expect(s.registered).toBe(await db.prisma.rollEntry.count({ where: { constituencyId: ids["01"]!, status: "LISTED" } }));
    expect((await start("01")).id).toBe(s.id);
    expect(await services.results.confirm(s.id, null)).toEqual({ ok: false, problem: "NOT_ENTERED" });
  });

  it("parts are summed; an impossible entry is refused and nothing is written", async () => {
    const s = await start("01");
    const [a, b, c] = ballots["01"]!;
    const bad = await services.results.saveEntry(s.id, { registered: 400, totals: counts({ voted: 300, returned: 300, valid: 290, invalid: 5, votes: {} }) }, null);
    expect(bad).toMatchObject({ ok: false, problem: "ENTRY_PROBLEMS", problems: [{ code: "VALID_INVALID_NOT_RETURNED", field: "invalid" }] });
    expect((await services.results.sheet(s.id))!.entered).toBe(false);
    const saved = await services.results.saveEntry(
      s.id,
      {
        registered: 400,
        parts: [
          { label: "东村投票站", placeKind: "STATION", voted: 200, proxyVotes: 3, returned: 200, valid: 195, invalid: 5, votes: { [a!]: 150, [b!]: 120, [c!]: 60, 王五: 4 } },
          { label: "流动票箱", placeKind: "MOBILE_BOX", voted: 50, proxyVotes: 0, returned: 50, valid: 50, invalid: 0, votes: { [a!]: 40, [b!]: 10, [c!]: 45 } },
        ],
      },
      null,
    );
    expect(saved.ok).toBe(true);
    const sheet = (saved as { sheet: SheetView }).sheet;
    expect(sheet.totals).toEqual({ voted: 250, proxyVotes: 3, returned: 250, valid: 245, invalid: 5, votes: { [a!]: 190, [b!]: 130, [c!]: 105, 王五: 4 } });
    expect(sheet.votes.find((v) => v.name === "王五")).toMatchObject({ writeIn: true, candidateId: null });
    expect(sheet.parts.map((p) => [p.label, p.placeKind])).toEqual([["东村投票站", "STATION"], ["流动票箱", "MOBILE_BOX"]]);
    // Voted across the parts above the roll: refused at the totals.
    const over = await services.results.saveEntry(s.id, { registered: 100, parts: sheet.parts }, null);
    expect(over).toMatchObject({ ok: false, problems: [{ code: "VOTED_ABOVE_REGISTERED" }] });
  });

  it("confirm counts it once: elected marked, outcome stored, audited; a second confirm changes nothing", async () => {
    const s = await start("01");
    const [a, b] = ballots["01"]!;
    const [one, two] = await Promise.all([services.results.confirm(s.id, null), services.results.confirm(s.id, null)]);
    expect([one, two].map((r) => r.ok && r.already).sort()).toEqual([false, true]);
    const sheet = (await services.results.sheet(s.id))!;
    // 250 voted: a majority is 126 votes; two names have it, for two seats.
    expect(sheet.outcome).toMatchObject({ valid: true, elected: [a, b] });
    expect(sheet.next).toEqual({ kind: "DONE" });
    expect((await db.prisma.resultVote.findMany({ where: { sheetId: s.id, elected: true } })).map((v) => v.name).sort()).toEqual([a, b].sort());
    expect(await db.prisma.auditLog.count({ where: { action: "results.confirm", subject: `result_sheet:${s.id}` } })).toBe(1);
    expect(await services.results.saveEntry(s.id, { registered: 1, totals: counts({ votes: {} }) }, null)).toEqual({ ok: false, problem: "NOT_DRAFT" });
    expect(await services.results.startRound(ids["01"]!, null)).toEqual({ ok: false, problem: "NOTHING_TO_ENTER" });
  });
});

describe("publishing", () => {
  it("tells the reachable subscribers of the constituency once, outside their quiet hours; twice sends nothing more", async () => {
    const sheet = (await services.results.constituency(ids["01"]!))!.sheets[0]!;
    expect((await services.results.publishPreview(sheet.id))!.recipients).toBe(2);
    const [one, two] = await Promise.all([services.results.publish(sheet.id, null), services.results.publish(sheet.id, null)]);
    expect([one, two].map((r) => (r.ok ? r.queued : -1)).sort()).toEqual([0, 2]);
    expect([one, two].map((r) => r.ok && r.already).sort()).toEqual([false, true]);
    const published = (await services.results.sheet(sheet.id))!;
    expect(published).toMatchObject({ status: "PUBLISHED", publishedOn: "2026-12-15" });
    const deliveries = await db.prisma.delivery.findMany({ where: { broadcastId: published.broadcastId! }, include: { user: true }, orderBy: { userId: "asc" } });
    expect(deliveries.map((d) => d.user.telegramId)).toEqual([7001n, 7002n]);
    // 19:00 local: the default quiet hours start at 21:00, the second person has none.
    expect(deliveries[0]!.windowEndsAt!.toISOString()).toBe("2026-12-15T13:00:00.000Z");
    const payload = deliveries[0]!.payload as { items: { kind: string; result: { elected: string[]; next: { kind: string } } }[] };
    expect(payload.items[0]).toMatchObject({ kind: "RESULTS", result: { elected: published.outcome!.elected, next: { kind: "DONE" } } });
    // The generic "results are out" reminder is marked as sent for them.
    expect(await db.prisma.reminderSent.count({ where: { userId: subscriber, kind: "RESULTS" } })).toBe(1);
    expect(await services.results.published(ids["01"]!)).toHaveLength(1);
    expect(await services.results.published(ids["02"]!)).toHaveLength(0);
    // Not every constituency is published: the election's date stays unset.
    expect((await db.prisma.election.findFirstOrThrow()).resultsPublishedOn).toBeNull();
  });

  it("a draft cannot be published", async () => {
    const s = await start("02");
    expect(await services.results.publish(s.id, null)).toEqual({ ok: false, problem: "NOT_CONFIRMED" });
  });
});

describe("what comes next", () => {
  it("a void round (more returned than voted) → the same round again, same seats and list", async () => {
    const s = await start("02");
    const names = ballots["02"]!;
    const entered = await services.results.saveEntry(s.id, { registered: 600, totals: counts({ voted: 400, returned: 410, valid: 400, invalid: 10, votes: { [names[0]!]: 300 } }) }, null);
    expect(entered.ok).toBe(true);
    const done = await services.results.confirm(s.id, null);
    expect(done.ok && done.sheet.outcome).toMatchObject({ valid: false, reason: "RETURNED_EXCEEDS_VOTED", elected: [] });
    expect(done.ok && done.sheet.next).toMatchObject({ kind: "REPEAT", round: "FIRST", seats: 3 });
    const again = await start("02");
    expect(again).toMatchObject({ round: "FIRST", roundNo: 2, seats: 3, ballot: names, registered: 600 });
  });

  it("a tie at the cut → a re-vote among the tied for the seats left, counted by most votes", async () => {
    const s = await start("02");
    const [a, b, c, d] = ballots["02"]!;
    await services.results.saveEntry(s.id, { registered: 600, totals: counts({ voted: 400, returned: 400, valid: 400, invalid: 0, votes: { [a!]: 350, [b!]: 300, [c!]: 300, [d!]: 250 } }) }, null);
    const done = await services.results.confirm(s.id, null);
    // Three seats, four with a majority: the three best win (the tie of b and c is not at the cut).
    expect(done.ok && done.sheet.outcome).toMatchObject({ valid: true, elected: [a, b, c] });
    // Constituency 04 (two seats) gets the real tie.
    const t = await start("04");
    const [x, y, z] = ballots["04"]!;
    await services.results.saveEntry(t.id, { registered: 400, totals: counts({ voted: 300, returned: 300, valid: 300, invalid: 0, votes: { [x!]: 200, [y!]: 160, [z!]: 160 } }) }, null);
    const tied = await services.results.confirm(t.id, null);
    expect(tied.ok && tied.sheet.next).toEqual({ kind: "REVOTE", seats: 1, candidates: [y, z] });
    const revote = await start("04");
    expect(revote).toMatchObject({ round: "REVOTE", roundNo: 1, seats: 1, ballot: [y, z] });
    await services.results.saveEntry(revote.id, { registered: 400, totals: counts({ voted: 280, returned: 280, valid: 270, invalid: 10, votes: { [y!]: 120, [z!]: 140, 王五: 10 } }) }, null);
    const after = await services.results.confirm(revote.id, null);
    expect(after.ok && after.sheet.outcome).toEqual({ valid: true, elected: [z] });
    expect((await services.results.constituency(ids["04"]!))!.elected).toEqual([x, z]);
  });

  it("fewer winners than seats → a further election with its list; then at least a third, else vacant", async () => {
    const s = await start("03"); // one seat
    const names = ballots["03"]!;
    const votes = Object.fromEntries(names.map((n, i) => [n, [180, 150, 20][i] ?? 0]));
    await services.results.saveEntry(s.id, { registered: 500, totals: counts({ voted: 400, returned: 400, valid: 390, invalid: 10, votes }) }, null);
    const done = await services.results.confirm(s.id, null);
    expect(done.ok && done.sheet.next).toEqual({ kind: "FURTHER", seats: 1, candidates: names.slice(0, 2) });
    const further = await start("03");
    expect(further).toMatchObject({ round: "FURTHER", roundNo: 1, seats: 1, ballot: names.slice(0, 2) });
    // 300 returned, a third is 100: nobody reaches it → the seat stays vacant (congress).
    await services.results.saveEntry(further.id, { registered: 500, totals: counts({ voted: 300, returned: 300, valid: 290, invalid: 10, votes: { [names[0]!]: 99, [names[1]!]: 98, 王五: 93 } }) }, null);
    const last = await services.results.confirm(further.id, null);
    expect(last.ok && last.sheet.next).toEqual({ kind: "VACANT", seats: 1 });
    expect(await services.results.startRound(ids["03"]!, null)).toEqual({ ok: false, problem: "NOTHING_TO_ENTER" });
  });

  it("resultsPublishedOn is set once every constituency has a published round", async () => {
    for (const code of ["02", "03", "04", "05"]) {
      const r = (await services.results.constituency(ids[code]!))!;
      let sheet = r.sheets.find((x) => x.status !== "PUBLISHED" && x.status !== "DRAFT");
      if (!sheet) {
        const s = await start(code);
        const n = ballots[code]!;
        await services.results.saveEntry(s.id, { registered: 500, totals: counts({ voted: 400, returned: 400, valid: 400, invalid: 0, votes: { [n[0]!]: 300 } }) }, null);
        const c = await services.results.confirm(s.id, null);
        sheet = (c as { sheet: SheetView }).sheet;
      }
      expect((await services.results.publish(sheet.id, null)).ok).toBe(true);
    }
    expect((await db.prisma.election.findFirstOrThrow()).resultsPublishedOn?.toISOString().slice(0, 10)).toBe("2026-12-15");
  });
});

describe("a township's scope", () => {
  it("lists only its constituencies and elections; a constituency or sheet elsewhere is outside it, a missing one is not", async () => {
    const areas = await db.prisma.adminArea.findMany({ where: { code: { startsWith: "999901002" } }, select: { id: true } });
    const scope = { all: false, areaIds: areas.map((a) => a.id) };
    const mine = await db.prisma.constituency.findMany({ where: { areas: { some: { areaId: { in: scope.areaIds } } } }, orderBy: { code: "asc" } });
    const election = (await db.prisma.election.findFirstOrThrow()).id;
    expect((await services.results.constituencies(election, scope)).map((c) => c.code)).toEqual(mine.map((c) => c.code));
    expect((await services.results.constituencies(election)).length).toBe(Object.keys(ids).length);
    expect((await services.results.elections({ all: false, areaIds: [] })).length).toBe(0);
    expect((await services.results.elections(scope)).map((e) => e.id)).toEqual([election]);
    const elsewhere = Object.values(ids).find((id) => !mine.some((c) => c.id === id))!;
    const sheet = (await db.prisma.resultSheet.findFirstOrThrow({ where: { constituencyId: elsewhere } })).id;
    expect(await services.results.outsideScope({ constituencyId: elsewhere }, scope)).toBe(true);
    expect(await services.results.outsideScope({ sheetId: sheet }, scope)).toBe(true);
    expect(await services.results.outsideScope({ sheetId: sheet }, { all: true, areaIds: [] })).toBe(false);
    expect(await services.results.outsideScope({ constituencyId: mine[0]!.id }, scope)).toBe(false);
    expect(await services.results.outsideScope({ constituencyId: 999_999 }, scope)).toBe(false);
  });
});

describe("reopening a confirmed round for correction", () => {
  it.each([
    ["", "NO_REASON"],
    [" \n\t ", "NO_REASON"],
    ["错".repeat(501), "REASON_TOO_LONG"],
    ["a".repeat(501), "REASON_TOO_LONG"],
  ] as const)("the reason %j: %s", (text, problem) => {
    expect(reopenReason(text)).toMatchObject({ ok: false, problem });
  });
  it("a reason of 500 characters will do, trimmed", () => {
    expect(reopenReason(` ${"错".repeat(500)}\n`)).toEqual({ ok: true, reason: "错".repeat(500) });
  });

  /** The sheets, their votes and the result audits: what a refusal must not change. */
  const state = async () => ({
    sheets: await db.prisma.resultSheet.findMany({ orderBy: { id: "asc" }, include: { votes: { orderBy: { id: "asc" } } } }),
    audits: await db.prisma.auditLog.count({ where: { action: { startsWith: "results." } } }),
  });
  const qinghe = async () => ({ all: false, areaIds: (await db.prisma.adminArea.findMany({ where: { code: { startsWith: "999901001" } } })).map((a) => a.id) });
  const latest = async (code: string) => (await services.results.constituency(ids[code]!))!.sheets.at(-1)!;

  it.each([
    ["a missing sheet", async () => ({ id: 999_999 }), "NOT_FOUND"],
    ["a published one", async () => ({ id: (await latest("05")).id }), "PUBLISHED"],
    ["one outside the scope", async () => ({ id: (await latest("04")).id, scope: await qinghe() }), "OUTSIDE_SCOPE"],
    ["no reason", async () => ({ id: (await latest("04")).id, reason: "  " }), "NO_REASON"],
  ] as const)("%s is refused (%s), nothing changes", async (_label, target, problem) => {
    const { id, scope, reason } = (await target()) as { id: number; scope?: { all: boolean; areaIds: number[] }; reason?: string };
    const before = await state();
    expect(await services.results.reopen(id, null, reason ?? "录错了", scope)).toMatchObject({ ok: false, problem });
    expect(await state()).toEqual(before);
  });

  it("a confirmed latest round: a draft again, once (two at a time), elected cleared, audited; confirmed again as before", async () => {
    const revote = await latest("04");
    const [x, , z] = ballots["04"]!;
    expect(revote).toMatchObject({ round: "REVOTE", status: "CONFIRMED" });
    const shiqiao = { all: false, areaIds: (await db.prisma.adminArea.findMany({ where: { code: { startsWith: "999901002" } } })).map((a) => a.id) };
    const electedVoteIds = (await db.prisma.resultVote.findMany({ where: { sheetId: revote.id, elected: true } })).map((v) => v.id);
    expect(electedVoteIds).toHaveLength(1);
    const [one, two] = await Promise.all([services.results.reopen(revote.id, null, " 王五的票数录错了 ", shiqiao), services.results.reopen(revote.id, null, "又一次", shiqiao)]);
    expect([one, two].map((r) => r.ok && r.already).sort()).toEqual([false, true]);
    const draft = (await services.results.sheet(revote.id))!;
    expect(draft).toMatchObject({ status: "DRAFT", outcome: null, next: null, confirmedAt: null, entered: true, totals: { voted: 280, valid: 270 } });
    expect(draft.votes.filter((v) => v.elected)).toEqual([]);
    expect((await services.results.constituency(ids["04"]!))!.elected).toEqual([x]);
    const audits = await db.prisma.auditLog.findMany({ where: { action: "results.reopen", subject: `result_sheet:${revote.id}` } });
    // Whichever of the two came first reopened it (on PostgreSQL either may), with its own reason, trimmed.
    const reason = one.ok && !one.already ? "王五的票数录错了" : "又一次";
    expect(audits.map((a) => [a.before, a.after, (a.details as { reason: string }).reason])).toEqual([[{ status: "CONFIRMED", electedVoteIds }, { status: "DRAFT" }, reason]]);
    expect(await services.results.publish(revote.id, null)).toEqual({ ok: false, problem: "NOT_CONFIRMED" });
    const again = await services.results.confirm(revote.id, null);
    expect(again.ok && again.sheet.outcome).toEqual({ valid: true, elected: [z] });
    expect((await services.results.constituency(ids["04"]!))!.elected).toEqual([x, z]);
  });
});
