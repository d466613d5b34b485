// The CLI as an operator runs it: `npx voterlink …` (and `node bin/voterlink.mjs …`) as child
// processes against a fresh database (PGlite directory, or a PostgreSQL database in CI's
// PostgreSQL run). Exit codes 0 / 1 / 2; `invite --role staff` prints a code that /join redeems once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotHarness } from "../support/bot.js";
import { childDatabase, voterlinkCli, type Run } from "../support/process.js";

const CODE = /\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b/;

let dir: string;
let db: Awaited<ReturnType<typeof childDatabase>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "voterlink-cli-"));
  db = await childDatabase(dir);
});
afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI with only the given settings in its environment (never the test run's own). */
function voterlink(args: string[], env: Record<string, string> = {}, via: "node" | "npx" = "node"): Promise<Run> {
  return voterlinkCli(args, { ...db.env, ...env }, { via });
}

describe("usage", () => {
  it("--help lists the commands (exit 0); no command, an unknown command or flag, a bad --role: exit 2 with the usage", async () => {
    const help = await voterlink(["--help"]);
    expect(help.code).toBe(0);
    for (const c of ["invite", "migrate", "seed"]) expect(help.stdout).toMatch(new RegExp(`^  ${c} +\\S`, "m"));

    const none = await voterlink([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: voterlink <command>");

    const unknown = await voterlink(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');

    const flag = await voterlink(["invite", "--role", "staff", "--bogus"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--bogus'");
    expect(flag.stderr).toContain("Usage: voterlink invite --role staff|delegate|admin");

    const role = await voterlink(["invite", "--role", "boss"]);
    expect(role.code).toBe(2);
    expect(role.stderr.split("\n")[0]).toBe('voterlink invite: --role must be staff, delegate, admin, department or official; got "boss"');

    expect((await voterlink(["invite"])).code).toBe(2);
    expect((await voterlink(["invite", "--role", "delegate"])).code).toBe(2);
    expect((await voterlink(["invite", "--role", "department"])).code).toBe(2);
    expect((await voterlink(["invite", "--role", "staff", "--department", "JT"])).code).toBe(2);
    expect((await voterlink(["invite", "--role", "official"])).code).toBe(2);
    expect((await voterlink(["migrate", "extra"])).code).toBe(2);
  }, 120_000);

  it.each(["invite", "migrate", "seed"])("%s --help prints its usage and exits 0 without touching the database", async (name) => {
    const r = await voterlink([name, "--help"], { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: voterlink ${name}`));
    expect(r.stdout).toContain("-h, --help");
  }, 60_000);

  it("a bad setting exits 2 with its one line", async () => {
    const r = await voterlink(["migrate"], { WEBHOOK_PORT: "99999" });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('config error: WEBHOOK_PORT — expected number to be <=65535; got "99999"');
  }, 60_000);
});

describe("against a fresh database", () => {
  it("migrate lists what it applied, then nothing; an invite before any county fails with exit 1 and one line", async () => {
    const first = await voterlink(["migrate"], {}, "npx");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied \d{14}_core\n/);
    expect(first.stdout).toMatch(/applied \d{14}_accounts\n/);
    const again = await voterlink(["migrate"]);
    expect(again.stdout).toMatch(/up to date, no migration applied/);

    const early = await voterlink(["invite", "--role", "staff"]);
    expect(early.code).toBe(1);
    expect(early.stderr.trim()).toBe("voterlink invite failed: no county has been imported yet, so staff cannot be scoped (import or seed first)");
  }, 120_000);

  it("seed shows progress and a summary; a second seed changes nothing", async () => {
    const r = await voterlink(["seed"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Seeding the demo county into");
    expect(r.stdout).toMatch(/rollEntries +2000/);
    const again = await voterlink(["seed"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("already has data, nothing seeded.");
  }, 120_000);

  it("an unknown area fails with exit 1", async () => {
    const r = await voterlink(["invite", "--role", "staff", "--area", "999999999"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("voterlink invite failed: no area has that code (use the 6-digit county or a 9-digit township code)");
  }, 60_000);

  it("department and official invites: tied to a department / a name; an unknown department fails with exit 1", async () => {
    const unknown = await voterlink(["invite", "--role", "department", "--department", "NOPE"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe("voterlink invite failed: there is no active department with that code");
    const dept = await voterlink(["invite", "--role", "department", "--department", "JT"]);
    expect(dept.code).toBe(0);
    expect(dept.stdout).toContain("Scope:       department JT 示例县交通运输局");
    const official = await voterlink(["invite", "--role", "official", "--name", "李明（副县长）", "--json"]);
    expect(official.code).toBe(0);
    expect(JSON.parse(official.stdout)).toMatchObject({ role: "OFFICIAL", officialName: "李明（副县长）", departmentCode: null });

    const database = await db.open();
    const h = await createBotHarness({ database });
    try {
      const p = h.person({ id: 90_011, first_name: "周办事", language_code: "zh-hans" });
      await p.send(`/join ${CODE.exec(dept.stdout)![0]}`);
      expect(p.lastText()).toBe("✅ 欢迎！您的账号现在是：承办单位工作人员 — 示例县交通运输局（JT）。");
      const o = h.person({ id: 90_012, first_name: "李明", language_code: "zh-hans" });
      await o.send(`/join ${JSON.parse(official.stdout).code}`);
      expect(o.lastText()).toBe("✅ 欢迎！您的账号现在是：领办督办领导 — 李明（副县长）。");
    } finally {
      await h.close();
    }
  }, 120_000);

  it("`npx voterlink invite --role staff` prints a code that /join redeems once", async () => {
    const r = await voterlink(["invite", "--role", "staff"], {}, "npx");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Role:        staff");
    expect(r.stdout).toContain("Scope:       示例县 (999901)");
    expect(r.stdout).toMatch(/Expires: +\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Asia\/Shanghai\)/);
    const code = CODE.exec(r.stdout)![0];
    expect(r.stdout).toContain(`/join ${code}`);

    const database = await db.open();
    const h = await createBotHarness({ database });
    try {
      const entry = await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: "invite.create" }, orderBy: { id: "desc" } });
      expect(entry).toMatchObject({ actorId: null, details: { via: "cli" }, after: { role: "STAFF" } });

      const first = h.person({ id: 90_001, first_name: "新同事", language_code: "zh-hans" });
      await first.send(`/join ${code}`);
      expect(first.lastText()).toBe("✅ 欢迎！您的账号现在是：选举工作人员 — 示例县（999901）。");
      const second = h.person({ id: 90_002, first_name: "Other", language_code: "en" });
      await second.send(`/join ${code}`);
      expect(second.lastText()).toBe("This code has already been used. Each code works only once; please ask the election office for a new one.");
      expect((await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: 90_002n } })).role).toBe("VOTER");
    } finally {
      await h.close();
    }
  }, 120_000);
});
