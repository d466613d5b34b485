// /report in chat, as staff use it: pick a report and an area, get the XLSX (and the chart as a
// photo with the two-line summary), in the staff member's language; township staff stay in their
// township; an empty report says why instead of sending zeros; voters are refused; exports audited.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
let nextId = 71_000;

async function staffMember(language_code: string, scopeCode?: string) {
  const p = h.person({ id: nextId++, first_name: "Staff", language_code });
  await p.send("/start");
  const area = scopeCode ? await h.db.prisma.adminArea.findUniqueOrThrow({ where: { code: scopeCode } }) : null;
  await h.db.prisma.user.update({ where: { telegramId: BigInt(p.who.id) }, data: { role: "STAFF", scopeAreaId: area?.id ?? null } });
  return p;
}

async function sheetText(bytes: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => ws.getSheetValues().flat().map(String).join("|")).join("\n");
}

beforeAll(async () => {
  h = await createBotHarness({ seed: true });
}, 60_000);
afterAll(() => h?.close());

describe("/report", () => {
  it("a county staff member picks registration and the whole county: the XLSX arrives with the summary, and the export is audited", async () => {
    const staff = await staffMember("zh-hans");
    await staff.send("/report");
    expect(staff.lastText()).toContain("选择报表");
    expect(staff.buttons()).toEqual(expect.arrayContaining(["选民登记", "参选率", "一次成功率", "代表候选人", "当选代表结构", "选民提问", "建议办理", "代表履职", "群发消息"]));
    await staff.tap("选民登记");
    expect(staff.lastText()).toContain("选择地区");
    expect(staff.buttons()).toEqual(expect.arrayContaining(["全县", "青禾镇", "石桥乡"]));
    await staff.tap("全县");
    const [file] = staff.files();
    expect(file?.method).toBe("sendDocument");
    expect(file?.fileName).toMatch(/^registration-e\d+-999901-\d{8}\.xlsx$/);
    expect(file?.caption).toMatch(/^选民登记\n登记选民 [\d,]+ 人/);
    expect(await sheetText(file!.bytes)).toContain("示例县 (999901)");
    const audit = await h.db.prisma.auditLog.findFirst({ where: { action: "report.export" }, orderBy: { id: "desc" } });
    expect(audit?.subject).toBe("report:registration");
    // The menu leads here too.
    await staff.send("/start");
    expect(staff.buttons()).toContain("📈 统计报表");
  });

  it("before any result is entered, turnout says so and names /results — no file of zeros", async () => {
    const staff = await staffMember("en");
    await staff.send("/report turnout");
    await staff.tap("Whole county");
    expect(staff.lastText()).toContain("“Turnout” has nothing to count yet");
    expect(staff.lastText()).toContain("/results");
    expect(staff.files()).toHaveLength(0);
  });

  it("with confirmed results, turnout sends the XLSX and the chart as a photo whose caption is the two-line summary", async () => {
    const election = await h.db.prisma.election.findFirstOrThrow();
    const c = await h.db.prisma.constituency.findFirstOrThrow({ where: { electionId: election.id }, orderBy: { code: "asc" } });
    await h.db.prisma.resultSheet.create({
      data: {
        electionId: election.id, constituencyId: c.id, round: "FIRST", seats: c.seats, registered: 800, voted: 720, returned: 720,
        validBallots: 710, invalidBallots: 10, proxyVotes: 12, status: "CONFIRMED", outcome: { valid: true, elected: [] },
        parts: { create: [{ placeKind: "STATION", label: "一站", voted: 720, returned: 720, validBallots: 710, invalidBallots: 10 }] },
      },
    });
    const staff = await staffMember("zh-hant");
    await staff.send("/report turnout");
    await staff.tap("全縣");
    const files = staff.files();
    expect(files.map((f) => f.method)).toEqual(["sendDocument", "sendPhoto"]);
    expect(files[1]!.bytes.subarray(1, 4).toString()).toBe("PNG");
    const caption = files[1]!.caption!.split("\n");
    expect(caption).toHaveLength(2);
    expect(caption[0]).toContain("參選率 90.0%");
    expect(await sheetText(files[0]!.bytes)).toContain("參選率");
  });

  it("township staff are not asked for an area and get their township only", async () => {
    const staff = await staffMember("zh-hans", "999901001");
    await staff.send("/report");
    await staff.tap("选民登记");
    const [file] = staff.files();
    expect(file?.fileName).toContain("-999901001-");
    const text = await sheetText(file!.bytes);
    expect(text).toContain("青禾镇 (999901001)");
    const outside = await h.db.prisma.constituency.findMany({ where: { areas: { none: { area: { parent: { code: "999901001" } } } } }, select: { name: true } });
    for (const c of outside) expect(text).not.toContain(`|${c.name}|`);
  });

  it("a voter is refused, naming who it is for; a stale or forged button is answered, not thrown", async () => {
    const voter = h.person({ id: nextId++, first_name: "Voter", language_code: "en" });
    await voter.send("/start");
    await voter.send("/report");
    expect(voter.lastText()).toBe("This is only available to election staff.");
    const staff = await staffMember("en");
    await staff.press("rpt:nonsense");
    expect(staff.toasts().at(-1)).toBe("This button is no longer valid. Please use the new menu.");
    expect(staff.files()).toHaveLength(0);
  });
});
