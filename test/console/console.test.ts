// Console mode: the terminal chat a new user meets first. Drives ConsoleChat with typed lines.
import { PassThrough } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.js";
import { LocalBotApi } from "../../src/bot/local/api.js";
import { loadConfig } from "../../src/config/config.js";
import { runConsole } from "../../src/console/console.js";
import { seedDemoSuggestions } from "../../src/db/seed/demo-suggestions.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
let app: App | undefined;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
  await seedDemoSuggestions(db.prisma, new Date()); // as the console's first start does (app.ts)
});
afterAll(async () => {
  await app?.services.conversationLog.stop();
  await db?.close();
});

async function chat(lines: string[]): Promise<string> {
  const config = loadConfig({ LOG_LEVEL: "silent" });
  const api = new LocalBotApi();
  await app?.services.conversationLog.stop();
  app = await createApp(config, { database: db, telegram: { fetch: api.fetch, botInfo: api.botInfo }, logger: pino({ level: "silent" }) });
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = "";
  output.on("data", (d: Buffer) => (screen += d.toString()));
  const done = runConsole(app.bot, api, { input, output, banner: "voterlink — console" });
  input.end(lines.map((l) => `${l}\n`).join(""));
  await done;
  return screen;
}

describe("console mode", () => {
  it("opens with the banner and the demo county's greeting with numbered buttons", async () => {
    const screen = await chat([]);
    expect(screen).toContain("voterlink — console\n");
    expect(screen).toContain("我为示例县的选民、人大代表和选举工作人员服务。");
    expect(screen).toContain("[1] 📋 我的登记");
    expect(screen).toContain("[5] 🔎 按住址查找我的选区");
  });

  it("a number presses the button; other text is a message", async () => {
    const screen = await chat(["5", "2", "代投怎么办理"]);
    expect(screen).toContain("🤖 (updated) 📍 示例县");
    expect(screen).toContain("📍 石桥乡（示例县）");
    expect(screen).toContain("委托");
  });

  it("/as staff switches the demo identity, shows the staff menu, and is audited", async () => {
    const screen = await chat(["/as staff", "10"]);
    expect(screen).toContain("演示身份已切换为：选举工作人员（示例县）。");
    expect(screen).toContain("[9] 📥 待办：申诉、申请和咨询");
    expect(screen).toContain("[10] 📊 选民登记统计");
    expect(screen).toContain("合计：5 个选区");
    const audit = await db.prisma.auditLog.findFirst({ where: { action: "demo.switch_role" }, orderBy: { id: "desc" } });
    expect(audit?.details).toEqual({ role: "STAFF", area: "999901" });
  });

  it("/as staff with a township's code: that township's staff, who see its constituencies only", async () => {
    const screen = await chat(["/as staff 999901002", "10", "/as staff 123"]);
    expect(screen).toContain("演示身份已切换为：选举工作人员（石桥乡）。");
    expect(screen).toContain("第四选区");
    expect(screen).not.toContain("第一选区");
    expect(screen).toContain("合计：1 个选区");
    expect(screen.split("用法：/as voter").length).toBe(2);
  });

  it("/as department: the busiest handling department's official, who sees its assigned suggestions; a wrong code explains the usage", async () => {
    const screen = await chat(["/as department", "9", "/as department XX"]);
    expect(screen).toContain("演示身份已切换为：承办单位工作人员（示例县交通运输局）。");
    expect(screen).toContain("[9] 🏢 交办给本单位的建议");
    expect(screen).toContain("县道X012青禾镇到东村一段路面坑洼很多");
    expect(screen.split("用法：/as voter").length).toBe(2);
    const audit = await db.prisma.auditLog.findFirst({ where: { action: "demo.switch_role" }, orderBy: { id: "desc" } });
    expect(audit?.details).toEqual({ role: "DEPARTMENT", department: "JT" });
  });

  it("/as official: a lead official with a demo name and post, whose list is empty until staff name them", async () => {
    const screen = await chat(["/as official", "9"]);
    expect(screen).toContain("演示身份已切换为：领办督办领导。");
    expect(screen).toContain("[9] ⭐ 我领办的重点建议");
    expect(screen).toContain("目前没有由您领办督办的重点建议。");
    const me = await db.prisma.user.findFirst({ where: { role: "OFFICIAL" } });
    expect(me?.officialName).toBe("演示领导（副县长）");
  });

  it("my data: the export arrives as a file, shown with its name and size", async () => {
    const screen = await chat(["/as voter", "9", "4", "1"]);
    expect(screen).toContain("🗂 我们保存的您的数据");
    expect(screen).toMatch(/🤖 📎 file: voterlink-mydata-\d{4}-\d{2}-\d{2}\.json \(\d+\.\d KB\)/);
  });

  it("/location lat lon stands for sharing a location; a venue is printed with its coordinates", async () => {
    const screen = await chat(["/location 30.1041 120.0811", "2"]);
    expect(screen).toContain("1. 东村（青禾镇），约 0.1 公里");
    expect(screen).toContain("🤖 📍 venue: 东村投票站, 青禾镇东村村民委员会一楼会议室（东村1组） (30.1032, 120.0817)");
  });

  it("/as with a wrong role explains the usage; /quit ends the chat", async () => {
    const screen = await chat(["/as king", "/quit", "/help"]);
    expect(screen).toContain("用法：/as voter、/as delegate、/as staff（乡镇工作人员：/as staff 999901002）、/as department（某承办单位：/as department JT）或 /as official");
    expect(screen).not.toContain("我能帮您做什么");
  });
});
