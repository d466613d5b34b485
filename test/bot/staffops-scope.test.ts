// Township staff (石桥乡) in /broadcast, /import and /election: offered only what lies in their
// township, refused (in their language) when a forged or replayed button names anything else, with
// nothing queued, imported or changed; county staff keep everything. The describes run in order:
// /import needs 石桥乡 to have no election yet, and /broadcast its newest constituencies to be the demo's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffButtons } from "../../src/bot/keyboards/staff-ops.js";
import { fixedClock } from "../../src/services/clock.js";
import { csvText } from "../imports/helpers.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

const OUTSIDE = {
  en: "This is outside your area: you can only act for your own township. If you need it, ask the county election office.",
  zh: "这不在您负责的区域内：您只能处理本乡镇的事项。需要时请联系县人大常委会选举工作办公室。",
};
const SHIQIAO = "999901002";
const QINGHE = "999901001";

let h: BotHarness;
let ids: { shiqiao: number; qinghe: number; beiling: number; c01: number; c04: number; group01: number; demo: number };
let shi: Awaited<ReturnType<BotHarness["staffIn"]>>; // 石桥乡, en
let shiZh: Awaited<ReturnType<BotHarness["staffIn"]>>; // 石桥乡, zh-CN
let county: Awaited<ReturnType<BotHarness["staffIn"]>>; // the county, en

const userId = async (telegramId: number) => (await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(telegramId) } })).id;
const setScope = async (telegramId: number, code: string) => {
  const area = await h.db.prisma.adminArea.findUniqueOrThrow({ where: { code } });
  await h.db.prisma.user.update({ where: { telegramId: BigInt(telegramId) }, data: { scopeAreaId: area.id } });
};
const csv = (rows: (string | number)[][]) => Buffer.from(csvText(rows), "utf8");

beforeAll(async () => {
  h = await createBotHarness({ seed: true, clock: fixedClock("2026-11-01T02:00:00Z") });
  const area = (code: string) => h.db.prisma.adminArea.findUniqueOrThrow({ where: { code } });
  const c01 = await h.db.prisma.constituency.findFirstOrThrow({ where: { code: "01" }, include: { voterGroups: true } });
  const c04 = await h.db.prisma.constituency.findFirstOrThrow({ where: { code: "04" } });
  ids = {
    shiqiao: (await area(SHIQIAO)).id,
    qinghe: (await area(QINGHE)).id,
    beiling: (await area("999901002201")).id,
    c01: c01.id,
    c04: c04.id,
    group01: c01.voterGroups[0]!.id,
    demo: (await h.db.prisma.election.findFirstOrThrow({ where: { kind: "COUNTY_CONGRESS" } })).id,
  };
  // People linked to the bot in both townships.
  await h.db.prisma.$executeRawUnsafe(`INSERT INTO "User" ("telegramId", "constituencyId") SELECT g, ${c04.id} FROM generate_series(720001, 720005) g`);
  await h.db.prisma.$executeRawUnsafe(`INSERT INTO "User" ("telegramId", "constituencyId") SELECT g, ${c01.id} FROM generate_series(730001, 730007) g`);
  shi = await h.staffIn(9701, SHIQIAO, "en");
  shiZh = await h.staffIn(9702, SHIQIAO);
  county = await h.staffIn(9703, "999901", "en");
});
afterAll(() => h?.close());

describe("/broadcast", () => {
  const b = staffButtons.broadcastAudience;
  const forged = () => [
    b.pack({ kind: "township", id: ids.qinghe }),
    b.pack({ kind: "constituency", id: ids.c01 }),
    b.pack({ kind: "c-all", id: ids.c01 }),
    b.pack({ kind: "group", id: ids.group01 }),
    b.pack({ kind: "county", id: 0 }),
    b.pack({ kind: "delegates", id: 0 }),
    b.pack({ kind: "topic", id: 0 }),
  ];

  it("石桥乡 staff are offered only 石桥乡 and its constituency; forged audiences are refused; the send reaches only 石桥乡 (en)", async () => {
    const [{ n: inShiqiao }] = await h.db.prisma.$queryRaw<[{ n: number }]>`
      SELECT count(*)::int AS n FROM "User" u LEFT JOIN "RollEntry" r ON r.id = u."rollEntryId"
      WHERE u."unreachableAt" IS NULL AND (u."constituencyId" = ${ids.c04} OR r."constituencyId" = ${ids.c04})`;
    await shi.send("/broadcast");
    await shi.send("Notice to 石桥乡");
    expect(shi.buttons()).toEqual(["🏘 石桥乡", "🗳 第四选区（石桥乡北岭村、上坪村、石桥社区）", "✖️ Cancel"]);
    await shi.tap("石桥乡");
    expect(shi.lastText()).toContain(`Recipients: 石桥乡, ${inShiqiao} people.`);

    for (const data of forged()) {
      await shi.press(data);
      expect(shi.toasts().at(-1)).toBe(OUTSIDE.en);
    }
    expect(shi.lastText()).toContain(`Recipients: 石桥乡, ${inShiqiao} people.`);
    expect(await h.db.prisma.broadcast.count({ where: { createdById: await userId(9701) } })).toBe(0);

    await shi.tap(`Send to ${inShiqiao}`);
    const sent = await h.db.prisma.broadcast.findFirstOrThrow({ where: { createdById: await userId(9701) } });
    expect(sent.audience).toEqual({ kind: "township", areaId: ids.shiqiao });
    expect(sent.total).toBe(inShiqiao);
    const outside = await h.db.prisma.delivery.count({ where: { broadcastId: sent.id, user: { constituencyId: { not: ids.c04 } } } });
    expect(outside).toBe(0);
  });

  it("forged audiences queue nothing (zh-CN)", async () => {
    await shiZh.send("/broadcast");
    await shiZh.send("致石桥乡选民");
    for (const data of forged()) {
      await shiZh.press(data);
      expect(shiZh.toasts().at(-1)).toBe(OUTSIDE.zh);
    }
    expect(await h.db.prisma.broadcast.count({ where: { createdById: await userId(9702) } })).toBe(0);
    await shiZh.tap("取消");
  });

  it("county staff keep every audience; township staff pause only broadcasts to their area", async () => {
    await county.send("/broadcast");
    await county.send("Letter to 第一选区");
    expect(county.buttons()).toEqual(expect.arrayContaining(["🌐 Whole county", "📋 All delegates", "🏘 青禾镇", "🏘 石桥乡", "🗳 第一选区（青禾镇东村、西村）"]));
    await county.tap("第一选区");
    await county.tap("Whole constituency");
    await county.tap("Send to");
    const toQinghe = await h.db.prisma.broadcast.findFirstOrThrow({ where: { createdById: await userId(9703) } });

    await shiZh.press(staffButtons.broadcastControl.pack({ id: toQinghe.id, action: "cancel" }));
    expect(shiZh.toasts().at(-1)).toBe(OUTSIDE.zh);
    expect((await h.db.prisma.broadcast.findUniqueOrThrow({ where: { id: toQinghe.id } })).status).toBe("SENDING");

    // A colleague's broadcast to 石桥乡: theirs to pause too; the county may resume it.
    const toShiqiao = await h.db.prisma.broadcast.findFirstOrThrow({ where: { createdById: await userId(9701) } });
    await shiZh.press(staffButtons.broadcastControl.pack({ id: toShiqiao.id, action: "pause" }));
    expect((await h.db.prisma.broadcast.findUniqueOrThrow({ where: { id: toShiqiao.id } })).status).toBe("PAUSED");
    await county.press(staffButtons.broadcastControl.pack({ id: toShiqiao.id, action: "resume" }));
    expect((await h.db.prisma.broadcast.findUniqueOrThrow({ where: { id: toShiqiao.id } })).status).toBe("SENDING");
  });
});

describe("/import", () => {
  const constituencyFile = (code: string) =>
    csv([["选区代码", "选区名称", "名额", "划分方式", "所含村居代码"], [code, `石桥乡${code}选区`, 2, "居住地", "999901002201"]]);

  it("石桥乡 staff are offered only the kinds of one election, and with no election of their area none is used (en)", async () => {
    await shi.send("/import");
    expect(shi.buttons()).toEqual(["Constituencies and voter groups", "Voter roll", "Polling places", "Candidates", "Candidate meetings", "Election results"]);
    await shi.tap("Voter roll");
    expect(shi.lastText()).toBe(
      "There is no election in your area yet, so this data cannot be imported here. Create one with /election; files for county-wide elections are imported by the county election office.",
    );
    for (const kind of ["areas", "faq", "departments", "categories", "delegates"]) {
      await shi.press(staffButtons.importKind.pack({ kind }));
      expect(shi.toasts().at(-1)).toBe(OUTSIDE.en);
    }
    // The county's election is not theirs: /election says their area has none yet.
    await shi.send("/election");
    expect(shi.lastText()).toBe("🗳 There is no election in your area yet. What kind of election do you want to create?");
  });

  it("only 石桥乡's elections are offered; a forged county election is refused; a scope changed before confirming writes nothing", async () => {
    const day = (d: string) => new Date(`${d}T00:00:00.000Z`);
    const own = await h.db.prisma.election.create({ data: { name: "石桥乡第十九届人大代表选举", kind: "TOWNSHIP_CONGRESS", areaId: ids.shiqiao, electionDay: day("2027-03-01") } });
    await h.db.prisma.election.create({ data: { name: "北岭村村委会选举", kind: "VILLAGE_COMMITTEE", areaId: ids.beiling, electionDay: day("2027-04-01") } });
    const demoName = (await h.db.prisma.election.findUniqueOrThrow({ where: { id: ids.demo } })).name;

    await shi.send("/import");
    await shi.tap("Constituencies and voter groups");
    expect(shi.buttons().filter((t) => t.startsWith("🗳")).map((t) => t.split(" · ")[0])).toEqual(["🗳 北岭村村委会选举", "🗳 石桥乡第十九届人大代表选举"]);
    await shi.press(staffButtons.importElection.pack({ id: ids.demo }));
    expect(shi.toasts().at(-1)).toBe(OUTSIDE.en);
    await shi.tap("石桥乡第十九届");
    await shi.sendDocument("c.csv", constituencyFile("S1"));
    await shi.tap("Import 1 row");
    expect(shi.lastText()).toMatch(/imported: 1 created/);
    expect(await h.db.prisma.constituency.count({ where: { electionId: own.id, code: "S1" } })).toBe(1);

    // Moved to 青禾镇 between the check and the confirm: refused, nothing written.
    await shi.send("/import");
    await shi.tap("Constituencies and voter groups");
    await shi.tap("石桥乡第十九届");
    await shi.sendDocument("c.csv", constituencyFile("S2"));
    await setScope(9701, QINGHE);
    await shi.tap("Import 1 row");
    expect(shi.toasts().at(-1)).toBe(OUTSIDE.en);
    await setScope(9701, SHIQIAO);
    expect(await h.db.prisma.constituency.count({ where: { electionId: own.id, code: "S2" } })).toBe(0);
    expect(await h.db.prisma.auditLog.count({ where: { action: "import", actorId: await userId(9701) } })).toBe(1);
    expect(shi.buttons().join("|")).not.toContain(demoName);
  });

  it("forged kinds and elections are refused in Chinese too, nothing imported (zh-CN)", async () => {
    await shiZh.send("/import");
    await shiZh.press(staffButtons.importKind.pack({ kind: "faq" }));
    expect(shiZh.toasts().at(-1)).toBe(OUTSIDE.zh);
    await shiZh.tap("选民名单");
    await shiZh.press(staffButtons.importElection.pack({ id: ids.demo }));
    expect(shiZh.toasts().at(-1)).toBe(OUTSIDE.zh);
    expect(await h.db.prisma.auditLog.count({ where: { action: "import", actorId: await userId(9702) } })).toBe(0);
  });

  it("county staff keep every kind and every election", async () => {
    const demoName = (await h.db.prisma.election.findUniqueOrThrow({ where: { id: ids.demo } })).name;
    await county.send("/import");
    expect(county.buttons()).toEqual(expect.arrayContaining(["Areas", "Delegates", "FAQ", "Departments", "Suggestion categories", "Voter roll"]));
    await county.tap("Voter roll");
    const offered = county.buttons().join("|");
    expect(offered).toContain(demoName);
    expect(offered).toContain("石桥乡第十九届人大代表选举");
  });
});

describe("/election", () => {
  it("石桥乡 staff see and create only 石桥乡's elections; forged ids change nothing (en)", async () => {
    const demo = await h.db.prisma.election.findUniqueOrThrow({ where: { id: ids.demo } });
    await shi.send("/election");
    const offered = shi.buttons();
    expect(offered.join("|")).not.toContain(demo.name);
    expect(offered).toContain("🗳 石桥乡第十九届人大代表选举");
    expect(offered.filter((t) => t.startsWith("➕"))).toEqual([
      "➕ New: Township people's congress election",
      "➕ New: Village committee election",
      "➕ New: Residents' committee election",
    ]);

    await shi.press(staffButtons.electionShow.pack({ id: ids.demo }));
    expect(shi.toasts().at(-1)).toBe(OUTSIDE.en);
    await shi.press(staffButtons.electionKind.pack({ kind: "COUNTY_CONGRESS" }));
    expect(shi.toasts().at(-1)).toBe(OUTSIDE.en);
    await shi.press(staffButtons.electionDate.pack({ id: ids.demo, field: "rollPublishedOn" }));
    expect(shi.toasts().at(-1)).toBe(OUTSIDE.en);
    await shi.send("2026-11-20");
    expect(await h.db.prisma.election.findUniqueOrThrow({ where: { id: ids.demo } })).toEqual(demo);

    await shi.send("/election");
    await shi.tap("New: Township people's congress election");
    expect(shi.buttons()).toEqual(["石桥乡"]);
    await shi.press(staffButtons.electionArea.pack({ id: ids.qinghe }));
    expect(shi.toasts().at(-1)).toBe(OUTSIDE.en);
    await shi.send("2027-05-01");
    expect(shi.lastText()).toBe("Please choose the area above first.");
    await shi.tap("石桥乡");
    await shi.send("2027-05-01");
    expect(shi.lastText()).toContain("Election day: Saturday 1 May 2027");
    expect(await h.db.prisma.election.count({ where: { areaId: ids.qinghe } })).toBe(0);
    expect(await h.db.prisma.election.count({ where: { areaId: ids.shiqiao } })).toBe(2);
  });

  it("a scope changed while a date is asked for: refused, nothing changed (zh-CN)", async () => {
    const own = await h.db.prisma.election.findFirstOrThrow({ where: { areaId: ids.shiqiao }, orderBy: { id: "asc" } });
    await shiZh.press(staffButtons.electionShow.pack({ id: ids.demo }));
    expect(shiZh.toasts().at(-1)).toBe(OUTSIDE.zh);
    await shiZh.press(staffButtons.electionDate.pack({ id: own.id, field: "rollPublishedOn" }));
    await setScope(9702, QINGHE);
    await shiZh.send("2027-02-01");
    expect(shiZh.lastText()).toBe(OUTSIDE.zh);
    await setScope(9702, SHIQIAO);
    expect((await h.db.prisma.election.findUniqueOrThrow({ where: { id: own.id } })).rollPublishedOn).toBeNull();
    await shiZh.press(staffButtons.electionDate.pack({ id: own.id, field: "rollPublishedOn" }));
    await shiZh.send("2027-02-01");
    expect(shiZh.lastText()).toContain("✅");
    expect((await h.db.prisma.election.findUniqueOrThrow({ where: { id: own.id } })).rollPublishedOn).toEqual(new Date("2027-02-01T00:00:00.000Z"));
  });

  it("county staff keep every election, kind and area", async () => {
    const demo = await h.db.prisma.election.findUniqueOrThrow({ where: { id: ids.demo } });
    await county.send("/election");
    expect(county.buttons()).toEqual(expect.arrayContaining([`🗳 ${demo.name}`, "➕ New: County people's congress election"]));
    await county.tap(demo.name);
    expect(county.lastText()).toContain(`🗳 ${demo.name}`);
    await county.send("/election");
    await county.tap("New: Township people's congress election");
    expect(county.buttons()).toEqual(["青禾镇", "石桥乡"]);
  });
});
