// The voter roll import at county scale: a generated 100,000-row CSV imported into a scratch
// PostgreSQL database (demo county seeded for its constituencies), then imported again (the
// second run must change nothing), then with one row in a thousand changed.
//
//   npx tsx bench/import.ts [--rows 100000]      (BENCH_PG_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres)
//   npx tsx bench/import.ts --pglite             (embedded PGlite in memory instead)
// Prints one table; exits non-zero only when something broke (a row refused, counts off).
import { parseArgs } from "node:util";
import pg from "pg";
import pino from "pino";
import { loadConfig } from "../src/config/config.js";
import { openDatabase, type Database } from "../src/db/database.js";
import { generateDemoData, mulberry32 } from "../src/db/seed/demo-data.js";
import { seedDemo } from "../src/db/seed/seed.js";
import { createServices } from "../src/services/index.js";

const { values } = parseArgs({ options: { rows: { type: "string", default: "100000" }, pglite: { type: "boolean", default: false } } });
const ROWS = Number(values.rows);
const ADMIN = process.env.BENCH_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红梅鹏飞斌宇浩凯健俊帆帅旭宁龙林欣瑶婷雪琳晨曦子涵思远嘉怡";

function rollCsv(rows: number, codes: { code: string; groups: string[] }[], changeEvery = 0): string {
  const rng = mulberry32(4242);
  const pick = (s: string) => s[Math.floor(rng() * s.length)]!;
  const lines = ["选民编号,姓名,身份证后四位,出生日期,性别,选区代码,选民小组,住址"];
  for (let i = 0; i < rows; i++) {
    const c = codes[i % codes.length]!;
    const year = 1940 + Math.floor(rng() * 65);
    const month = 1 + Math.floor(rng() * 12);
    const day = 1 + Math.floor(rng() * 28);
    const last4 = String(Math.floor(rng() * 1000)).padStart(3, "0") + (rng() < 0.1 ? "X" : String(Math.floor(rng() * 10)));
    const name = pick(SURNAMES) + pick(GIVEN) + (rng() < 0.6 ? pick(GIVEN) : "");
    const address = `示例路${(i % 900) + 1}号${changeEvery > 0 && i % changeEvery === 0 ? "（已迁）" : ""}`;
    lines.push(
      `B${String(i + 1).padStart(7, "0")},${name},${last4},${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")},${rng() < 0.5 ? "男" : "女"},${c.code},${c.groups[i % c.groups.length]},${address}`,
    );
  }
  return lines.join("\n");
}

async function main() {
  let db: Database;
  let drop = async () => {};
  let where: string;
  if (values.pglite) {
    db = await openDatabase({ kind: "pglite", dir: "memory://" });
    where = "PGlite (memory)";
  } else {
    const name = `voterlink_bench_import_${process.pid}`;
    const admin = new pg.Client({ connectionString: ADMIN });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(ADMIN);
    url.pathname = `/${name}`;
    db = await openDatabase({ kind: "postgres", url: url.href, poolSize: 4 });
    where = "PostgreSQL";
    drop = async () => {
      const c = new pg.Client({ connectionString: ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  try {
    await seedDemo(db.prisma);
    const demo = generateDemoData();
    const codes = demo.constituencies.map((c) => ({ code: c.code, groups: c.voterGroups.map((g) => g.name) }));
    // The generated roll replaces nobody: the demo's own 2,000 entries use other voter numbers,
    // and the generated people are checked against them (不重) like any import.
    const services = createServices(db.prisma, loadConfig({ LOG_LEVEL: "silent" }), pino({ level: "silent" }));
    const file = Buffer.from(rollCsv(ROWS, codes), "utf8");
    const changed = Buffer.from(rollCsv(ROWS, codes, 1000), "utf8");
    const results: { run: string; seconds: number; created: number; updated: number; unchanged: number; problems: number }[] = [];
    for (const [run, bytes, opts] of [
      ["first import", file, {}],
      ["same file again", file, {}],
      ["dry run: 1 row in 1,000 changed", changed, { dryRun: true }],
      ["1 row in 1,000 changed", changed, {}],
    ] as const) {
      const t = performance.now();
      const o = await services.imports.run("roll", { bytes, fileName: "roll.csv" }, { validOnly: true, ...opts });
      results.push({ run, seconds: (performance.now() - t) / 1000, ...o.counts, problems: o.skipped });
    }
    const total = await db.prisma.rollEntry.count();
    console.log(`\nroll import, ${ROWS.toLocaleString("en")} rows (${(file.length / 1048576).toFixed(1)} MB CSV), ${where}; roll now ${total.toLocaleString("en")} entries\n`);
    console.log("| run | seconds | rows/s | created | updated | unchanged | rows with problems |");
    console.log("|---|---:|---:|---:|---:|---:|---:|");
    for (const r of results)
      console.log(`| ${r.run} | ${r.seconds.toFixed(1)} | ${Math.round(ROWS / r.seconds).toLocaleString("en")} | ${r.created} | ${r.updated} | ${r.unchanged} | ${r.problems} |`);
    const [first, again] = results;
    if (again!.created + again!.updated !== 0) {
      console.error("re-import changed rows");
      process.exitCode = 1;
    }
    if (first!.created + first!.problems !== ROWS) {
      console.error("counts do not add up");
      process.exitCode = 1;
    }
  } finally {
    await db.close();
    await drop();
  }
}

await main();
