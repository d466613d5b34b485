// Imports on the real database: one transaction, upserts by natural key, re-import changes nothing,
// --valid-only, duplicates against what is stored, and the CLI command's exit codes.
import { mkdtemp, readFile, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import importCommand from "../../src/cli/commands/import.js";
import { UsageError } from "../../src/cli/command.js";
import { loadConfig } from "../../src/config/config.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { createServices, type Services } from "../../src/services/index.js";
import { csvText } from "../imports/helpers.js";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
let services: Services;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
  services = createServices(db.prisma, loadConfig({ LOG_LEVEL: "silent" }), pino({ level: "silent" }));
});
afterAll(() => db?.close());

const file = (rows: (string | number)[][]) => ({ bytes: Buffer.from(csvText(rows), "utf8"), fileName: "t.csv" });
const ROLL_HEADER = ["选民编号", "姓名", "身份证后四位", "出生日期", "性别", "选区代码", "选民小组"];
const rollRow = (no: string, name: string, last4 = "1234", birth = "1980-01-02", code = "01") => [no, name, last4, birth, "男", code, "第1选民小组"];
const count = (where: object = {}) => db.prisma.rollEntry.count({ where: { voterNo: { startsWith: "T" }, ...where } });

describe("voter roll", () => {
  it("writes nothing when one row has a problem, and says which", async () => {
    const o = await services.imports.run("roll", file([ROLL_HEADER, rollRow("T001", "张测试"), rollRow("T002", "李测试", "12", "1980-01-02")]));
    expect(o.status).toBe("refused");
    expect(o.errors).toEqual([expect.objectContaining({ row: 3, problem: "BAD_ID_LAST4" })]);
    expect(await count()).toBe(0);
  });

  it("--valid-only writes the valid rows and skips the others", async () => {
    const o = await services.imports.run("roll", file([ROLL_HEADER, rollRow("T001", "张测试"), rollRow("T002", "李测试", "12")]), { validOnly: true });
    expect(o.status).toBe("written");
    expect(o.counts).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(o.skipped).toBe(1);
    expect(await count()).toBe(1);
  });

  it("re-importing the same file changes nothing; a changed row is an update by voter number", async () => {
    const rows = [ROLL_HEADER, rollRow("T001", "张测试"), rollRow("T003", "王测试", "5678", "1975-05-05", "02")];
    const first = await services.imports.run("roll", file(rows));
    expect(first.counts).toEqual({ created: 1, updated: 0, unchanged: 1 });
    const again = await services.imports.run("roll", file(rows));
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 2 });
    const moved = await services.imports.run("roll", file([ROLL_HEADER, rollRow("T003", "王测试", "5678", "1975-05-05", "03")]));
    expect(moved.counts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const entry = await db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: "T003" }, include: { constituency: true } });
    expect(entry.constituency.code).toBe("03");
    expect(entry.voterGroupId).not.toBeNull();
  });

  it("不重: the same person under another voter number is refused, in the same or another constituency", async () => {
    const same = await services.imports.run("roll", file([ROLL_HEADER, rollRow("T900", "张测试")]));
    expect(same.status).toBe("refused");
    expect(same.errors[0]).toMatchObject({ row: 2, problem: "PERSON_ALREADY_ON_ROLL", detail: "T001" });
    const other = await services.imports.run("roll", file([ROLL_HEADER, rollRow("T901", "张测试", "1234", "1980-01-02", "04")]));
    expect(other.errors[0]).toMatchObject({ problem: "PERSON_IN_TWO_CONSTITUENCIES" });
    expect(await count({ voterNo: { in: ["T900", "T901"] } })).toBe(0);
  });

  it("a dry run counts what would change and writes nothing", async () => {
    const o = await services.imports.run("roll", file([ROLL_HEADER, rollRow("T004", "赵测试", "4321", "1990-09-09")]), { dryRun: true });
    expect(o).toMatchObject({ status: "dry-run", counts: { created: 1, updated: 0, unchanged: 0 } });
    expect(await count({ voterNo: "T004" })).toBe(0);
  });

  it("a missing row is not a removal: removals are explicit (status 除名)", async () => {
    await services.imports.run("roll", file([ROLL_HEADER, rollRow("T003", "王测试", "5678", "1975-05-05", "03")]));
    expect(await count({ voterNo: "T001" })).toBe(1);
    const removed = await services.imports.run("roll", file([[...ROLL_HEADER, "状态"], [...rollRow("T001", "张测试"), "除名"]]));
    expect(removed.counts.updated).toBe(1);
    expect((await db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: "T001" } })).status).toBe("REMOVED");
  });
});

describe("other kinds: upsert by natural key, re-import unchanged", () => {
  it.each([
    ["areas", [["区划代码", "名称", "层级"], ["999901003", "新镇", "镇"], ["999901003201", "新村", "村"]]],
    ["constituencies", [["选区代码", "选区名称", "应选代表名额", "划分方式", "所含村居代码", "选民小组"], ["09", "第九选区", 2, "居住地", "999901002202", "第一组;第二组:王组长"]]],
    ["places", [["选区代码", "类型", "名称", "地址", "开始时间", "结束时间"], ["01", "投票站", "测试投票站", "测试路1号", "08:00", "17:00"]]],
    ["candidates", [["选区代码", "姓名", "性别", "出生年月", "职业职务", "简介", "推荐方式", "推荐者"], ["01", "测试人", "女", "1980-03", "教师", "简介", "选民联名推荐", "张三等10人"]]],
    ["delegates", [["姓名", "级别", "选区代码", "任期开始", "任期结束"], ["测试代表", "县", "01", "2026-12-20", "2031-12-19"]]],
    ["faq", [["语言", "主题", "问题", "答案"], ["zh-CN", "投票", "测试问题？", "测试答案。"]]],
  ] as const)("%s", async (kind, rows) => {
    const first = await services.imports.run(kind, file(rows as unknown as string[][]));
    expect(first.status, JSON.stringify(first.errors)).toBe("written");
    expect(first.counts.created).toBe(rows.length - 1);
    const again = await services.imports.run(kind, file(rows as unknown as string[][]));
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: rows.length - 1 });
  });

  it("a constituency's voter groups and areas are upserted; the audit trail records the import", async () => {
    const c = await db.prisma.constituency.findFirstOrThrow({ where: { code: "09" }, include: { voterGroups: true, areas: true } });
    expect(c.voterGroups.map((g) => [g.name, g.leaderName])).toEqual([["第一组", null], ["第二组", "王组长"]]);
    expect(c.areas).toHaveLength(1);
    expect(await db.prisma.auditLog.count({ where: { action: "import", subject: "constituencies" } })).toBe(2);
  });

});

describe("candidate meetings", () => {
  const HEAD = ["选区代码", "候选人", "开始时间", "结束时间", "地点", "地址"];
  let candidate: { id: number; fullName: string };
  let day: string;
  beforeAll(async () => {
    candidate = await db.prisma.candidate.findFirstOrThrow({ where: { constituency: { code: "01" } }, orderBy: { id: "asc" } });
    const e = await db.prisma.election.findFirstOrThrow();
    // Two days before election day: meetings stop on E (选举法 34).
    day = new Date(e.electionDay.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
  });
  const meetings = () => db.prisma.candidateMeeting.findMany({ where: { candidateId: candidate.id, place: { startsWith: "导入" } }, orderBy: { startsAt: "asc" } });

  it("written by (candidate, start) at the county's wall-clock time; re-import changes nothing", async () => {
    const rows = [HEAD, ["01", candidate.fullName, `${day} 19:10`, `${day} 20:40`, "导入会议室", "村委会二楼"]];
    const first = await services.imports.run("meetings", file(rows));
    expect(first.status, JSON.stringify(first.errors)).toBe("written");
    expect(first.counts).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const [m] = await meetings();
    // 19:10 in Asia/Shanghai is 01:30 UTC.
    expect(m!.startsAt.toISOString()).toBe(`${day}T11:10:00.000Z`);
    expect(m!.endsAt!.toISOString()).toBe(`${day}T12:40:00.000Z`);
    expect((await services.imports.run("meetings", file(rows))).counts).toEqual({ created: 0, updated: 0, unchanged: 1 });
    // English headers; a new place for the same start is an update, not a second meeting.
    const moved = await services.imports.run("meetings", file([["constituency_code", "candidate", "starts_at", "place"], ["01", candidate.fullName, `${day} 19:10`, "导入礼堂"]]));
    expect(moved.counts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await meetings()).map((x) => [x.place, x.endsAt])).toEqual([["导入礼堂", null]]);
  });

  it("attendance reported after the meeting is stored; a later file without it keeps it; a bad count is refused", async () => {
    const rows = (attendance: string) => [[...HEAD, "出席人数"], ["01", candidate.fullName, `${day} 19:10`, "", "导入礼堂", "", attendance]];
    expect((await services.imports.run("meetings", file(rows("86")))).counts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await meetings()).map((x) => x.attendance)).toEqual([86]);
    expect((await services.imports.run("meetings", file(rows("")))).counts).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect((await meetings()).map((x) => x.attendance)).toEqual([86]);
    const bad = await services.imports.run("meetings", file(rows("很多")));
    expect(bad.errors.map((x) => `${x.row}:${x.problem}`)).toEqual(["2:BAD_NUMBER"]);
  });

  it("an unknown candidate or a meeting on election day is refused, nothing written", async () => {
    const e = await db.prisma.election.findFirstOrThrow();
    const o = await services.imports.run("meetings", file([
      HEAD,
      ["01", candidate.fullName, `${day} 17:25`, "", "导入操场", ""],
      ["01", "没有这个人", `${day} 17:25`, "", "导入操场", ""],
      ["01", candidate.fullName, `${e.electionDay.toISOString().slice(0, 10)} 09:05`, "", "导入操场", ""],
    ]));
    expect(o.status).toBe("refused");
    expect(o.errors.map((x) => `${x.row}:${x.problem}`)).toEqual(["3:UNKNOWN_CANDIDATE", "4:MEETING_ON_OR_AFTER_ELECTION_DAY"]);
    expect(await meetings()).toHaveLength(1);
  });

  it("a missing row removes nothing; 取消 removes the meeting and the reminders asked for it", async () => {
    const [m] = await meetings();
    const voter = await db.prisma.user.create({ data: { telegramId: 7301n } });
    await db.prisma.meetingReminder.create({ data: { userId: voter.id, meetingId: m!.id } });
    await services.imports.run("meetings", file([HEAD, ["01", candidate.fullName, `${day} 18:05`, "", "导入广场", ""]]));
    expect(await meetings()).toHaveLength(2);
    const cancelled = await services.imports.run("meetings", file([[...HEAD, "状态"], ["01", candidate.fullName, `${day} 19:10`, "", "导入礼堂", "", "取消"]]));
    expect(cancelled.counts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await meetings()).map((x) => x.place)).toEqual(["导入广场"]);
    expect(await db.prisma.meetingReminder.count({ where: { userId: voter.id } })).toBe(0);
    // Cancelling again: nothing left to remove.
    const again = await services.imports.run("meetings", file([[...HEAD, "状态"], ["01", candidate.fullName, `${day} 19:10`, "", "导入礼堂", "", "取消"]]));
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });
});

describe("departments and suggestion categories", () => {
  const dept = (code: string) => db.prisma.department.findUniqueOrThrow({ where: { code } });
  const category = (code: string) => db.prisma.suggestionCategory.findUniqueOrThrow({ where: { code }, include: { department: true } });

  it("departments by code (Chinese or English headers); re-import unchanged; 停用 retires one, a missing row does not", async () => {
    const rows = [["单位代码", "单位名称", "联系人", "联系电话"], ["TESTD", "县测试局", "张三", "0571-8888 1234"], ["TESTE", "县另一局", "", ""]];
    expect((await services.imports.run("departments", file(rows))).counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const english = [["code", "name", "contact_name", "contact_phone"], ["TESTD", "县测试局", "张三", "0571-8888 1234"]];
    expect((await services.imports.run("departments", file(english))).counts).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect((await dept("TESTE")).active).toBe(true);
    const retired = await services.imports.run("departments", file([["单位代码", "单位名称", "状态"], ["TESTE", "县另一局", "停用"]]));
    expect(retired.counts).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await dept("TESTE")).active).toBe(false);
    // A row without a status keeps the stored one.
    expect((await services.imports.run("departments", file([["单位代码", "单位名称"], ["TESTE", "县另一局"]]))).counts.unchanged).toBe(1);
    expect((await dept("TESTE")).active).toBe(false);
  });

  it("categories by code with their default department; an unknown department is refused", async () => {
    const rows = [["类别代码", "名称", "英文名称", "繁体名称", "排序", "默认承办单位代码"], ["test-cat", "测试类别", "Test", "測試類別", "90", "TESTD"]];
    const first = await services.imports.run("categories", file(rows));
    expect(first.status, JSON.stringify(first.errors)).toBe("written");
    expect(first.counts.created).toBe(1);
    expect((await category("test-cat")).department?.code).toBe("TESTD");
    expect((await services.imports.run("categories", file(rows))).counts).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const unknown = await services.imports.run("categories", file([["code", "name_zh", "department_code"], ["test-cat2", "另一个", "NOPE"]]));
    expect(unknown.status).toBe("refused");
    expect(unknown.errors[0]).toMatchObject({ row: 2, problem: "UNKNOWN_DEPARTMENT" });
    const retired = await services.imports.run("categories", file([["code", "name_zh", "status"], ["test-cat", "测试类别", "inactive"]]));
    expect(retired.counts.updated).toBe(1);
    // Columns left out keep what is stored.
    const c = await category("test-cat");
    expect([c.active, c.sortOrder, c.department?.code]).toEqual([false, 90, "TESTD"]);
  });
});

describe("import command (CLI)", () => {
  // The command as the runner calls it (flags parsed); the app it opens is this test's services.
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    const ctx = {
      out: (l = "") => void out.push(l),
      err: (l: string) => void err.push(l),
      progress: () => ({ update: () => {}, done: () => {} }),
      config: () => loadConfig({}),
      where: () => "test",
      withApp: <T>(work: (app: App) => Promise<T>) => work({ services } as App),
    };
    return { out, err, ctx };
  };
  const run = (values: Record<string, unknown>, positionals: string[], ctx: ReturnType<typeof io>["ctx"]) =>
    importCommand.run({ values, positionals } as never, ctx);

  it("bad usage is a usage error (the runner exits 2 with the usage)", async () => {
    const a = io();
    await expect(run({}, ["roll"], a.ctx)).rejects.toBeInstanceOf(UsageError);
    await expect(run({}, ["nonsense", "x.csv"], a.ctx)).rejects.toThrow(/unknown kind "nonsense"/);
    await expect(run({ election: "x" }, ["roll", "x.csv"], a.ctx)).rejects.toBeInstanceOf(UsageError);
    await expect(run({ locale: "fr" }, ["roll", "x.csv"], a.ctx)).rejects.toThrow('--locale: zh-CN, en or zh-TW, got "fr"');
  });

  it("--locale zh-TW: the problems and the error report in traditional characters", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "vl-import-"));
    const bad = path.join(dir, "bad.csv");
    await writeFile(bad, csvText([ROLL_HEADER, rollRow("T011", "钱测试", "99")]));
    const a = io();
    expect(await run({ locale: "zh-TW", errors: path.join(dir, "errors.csv") }, ["roll", bad], a.ctx)).toBe(1);
    expect(a.err.join("\n")).toContain("發現 1 個問題");
    expect((await readFile(path.join(dir, "errors.csv"), "utf8")).split("\r\n")[0]).toBe("\ufeff行號,列,問題,說明,代碼");
  });

  it("problems exit 1 and write an error report; a good file exits 0 with its counts", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "vl-import-"));
    const bad = path.join(dir, "bad.csv");
    await writeFile(bad, csvText([ROLL_HEADER, rollRow("T010", "钱测试", "99")]));
    const a = io();
    expect(await run({ errors: path.join(dir, "errors.csv") }, ["roll", bad], a.ctx)).toBe(1);
    expect(a.err.join("\n")).toContain("第 2 行「身份证后四位」");
    expect((await readFile(path.join(dir, "errors.csv"), "utf8")).split("\r\n")[0]).toBe("\ufeff行号,列,问题,说明,代码");
    const good = path.join(dir, "good.csv");
    await writeFile(good, csvText([ROLL_HEADER, rollRow("T010", "钱测试", "9999")]));
    const b = io();
    expect(await run({}, ["roll", good], b.ctx)).toBe(0);
    expect(b.out.join("\n")).toMatch(/^roll: 1 created, 0 updated, 0 unchanged/);
  });

  it("a 50 MB file is refused before it is read", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "vl-import-"));
    const big = path.join(dir, "big.csv");
    await writeFile(big, "");
    await truncate(big, 50 * 1024 * 1024);
    await expect(run({}, ["roll", big], io().ctx)).rejects.toThrow(/50\.0 MB is over the 20 MB limit; split the file/);
  });

  it("departments from the command line; an --election that does not exist writes nothing", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "vl-import-"));
    const f = path.join(dir, "departments.csv");
    await writeFile(f, csvText([["code", "name"], ["CLID", "县命令行局"]]));
    const a = io();
    expect(await run({}, ["departments", f], a.ctx)).toBe(0);
    expect(a.out.join("\n")).toMatch(/^departments: 1 created, 0 updated, 0 unchanged/);
    const m = path.join(dir, "meetings.csv");
    await writeFile(m, csvText([["选区代码", "候选人", "开始时间", "地点"], ["01", "某人", "2026-01-01 09:00", "某地"]]));
    const b = io();
    expect(await run({ election: "9999" }, ["meetings", m], b.ctx)).toBe(1);
    expect(b.out.join("\n")).toBe("meetings: there is no election 9999; nothing written");
  });
});
