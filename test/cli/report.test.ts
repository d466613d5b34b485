// `voterlink report` as an operator runs it, against a seeded database (PGlite directory, or a
// PostgreSQL database in the PostgreSQL run): the file lands in --out (or the current folder) and
// its path is printed; bad names, elections, areas and formats get one clear line and exit ≠ 0.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childDatabase, voterlinkCli, type Run } from "../support/process.js";

let dir: string;
let db: Awaited<ReturnType<typeof childDatabase>>;

/** The CLI in the scratch folder (the default --out). */
const voterlink = (args: string[]): Promise<Run> => voterlinkCli(args, db.env, { cwd: dir });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "voterlink-report-"));
  db = await childDatabase(dir);
  const seeded = await voterlink(["seed"]);
  expect(seeded.code, seeded.stderr).toBe(0);
}, 180_000);
afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe("voterlink report", () => {
  it("writes the XLSX into --out and prints its path; the sheet has the title, the filters and the figures", async () => {
    const out = path.join(dir, "out", "nested");
    const r = await voterlink(["report", "registration", "--out", out, "--area", "999901001"]);
    expect(r.code, r.stderr).toBe(0);
    const written = r.stdout.trim();
    expect(path.dirname(written)).toBe(out);
    expect(path.basename(written)).toMatch(/^registration-e\d+-999901001-\d{8}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(written)) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getCell("A1").value)).toContain("选民登记");
    const cells = sheet.getSheetValues().flat().map(String).join("|");
    expect(cells).toContain("青禾镇 (999901001)");
    expect(cells).toContain("合计");
  }, 120_000);

  it("CSV into the current folder by default; a PNG chart where the report has one", async () => {
    const csv = await voterlink(["report", "suggestions", "--format", "csv"]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(path.dirname(csv.stdout.trim())).toBe(await realDir(dir));
    expect((await readFile(csv.stdout.trim())).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    // An FAQ answer shown and rated, so that the questions report has something to draw.
    const opened = await db.open();
    const entry = await opened.prisma.faqEntry.findFirstOrThrow({ where: { locale: "zh-CN", key: { not: null } } });
    await opened.prisma.faqFeedback.create({ data: { entryKey: entry.key!, locale: "zh-CN", source: "search", helpful: true } });
    await opened.close();
    const png = await voterlink(["report", "questions", "--format", "png", "--out", dir]);
    expect(png.code, png.stderr).toBe(0);
    expect((await readFile(png.stdout.trim())).subarray(1, 4).toString()).toBe("PNG");
  }, 120_000);

  it("no results yet: the XLSX is written with the reason, which also goes to stderr; a PNG of nothing is refused", async () => {
    const r = await voterlink(["report", "turnout", "--out", dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("/results");
    expect((await stat(r.stdout.trim())).size).toBeGreaterThan(0);
    const png = await voterlink(["report", "turnout", "--format", "png", "--out", dir]);
    expect(png.code).toBe(1);
    expect(png.stderr).toContain("nothing to draw");
    expect(png.stdout).toBe("");
  }, 120_000);

  it("an unknown name or format, a report without a chart as PNG, a malformed id: exit 2 with the usage", async () => {
    const name = await voterlink(["report", "turnouts"]);
    expect(name.code).toBe(2);
    expect(name.stderr.split("\n")[0]).toBe('voterlink report: unknown report "turnouts"; the reports are: registration, turnout, first-round, candidates, elected, questions, suggestions, activity, broadcasts');
    expect(name.stderr).toContain("Usage: voterlink report <name>");
    const format = await voterlink(["report", "turnout", "--format", "pdf"]);
    expect(format.code).toBe(2);
    expect(format.stderr.split("\n")[0]).toBe('voterlink report: --format must be xlsx, csv or png; got "pdf"');
    const noChart = await voterlink(["report", "registration", "--format", "png"]);
    expect(noChart.code).toBe(2);
    expect(noChart.stderr).toContain("has no chart");
    expect((await voterlink(["report"])).code).toBe(2);
    expect((await voterlink(["report", "turnout", "--election", "abc"])).code).toBe(2);
  }, 120_000);

  it("an election or area that is not there: exit 1, one line, no file", async () => {
    const election = await voterlink(["report", "turnout", "--election", "4242", "--out", path.join(dir, "none")]);
    expect(election.code).toBe(1);
    expect(election.stderr.trim()).toBe("voterlink report failed: there is no election with that id");
    const area = await voterlink(["report", "registration", "--area", "999999999"]);
    expect(area.code).toBe(1);
    expect(area.stderr.trim()).toContain("no area has that code");
    await expect(stat(path.join(dir, "none"))).rejects.toThrow();
  }, 120_000);
});

async function realDir(p: string): Promise<string> {
  const { realpath } = await import("node:fs/promises");
  return realpath(p);
}
