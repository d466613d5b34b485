// Two checkouts of voterlink compared in one process. Each builds its bot with createApp from its
// own src/, on a scratch PostgreSQL database of its own, and the bench workload (bench/support/
// workload.ts) runs in alternating chunks, A B, B A, A B …, each chunk timed by the CPU this
// process spent on it (and the database server's). On a shared machine whose speed swings by 2×
// within minutes, two `npm run bench` runs cannot tell a 5 % step from noise; chunks seconds
// apart in one process can, and the median of the per-round ratios says by how much.
//
//   git worktree add ../before HEAD~1 && ln -s "$PWD/node_modules" ../before/node_modules
//   npx tsx bench/ab.ts ../before .   [--rounds 12] [--chunk 1500] [--in-flight 32]
//
// Both checkouts run on the one node_modules, so their Prisma schemas must agree. Both bots share
// this process's heap, so the absolute CPU per update is higher than in bench/updates.ts: read
// the ratio. BENCH_PG_ADMIN_URL as in bench/updates.ts.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import pino from "pino";
import type { Update } from "grammy/types";
import { drive, workload } from "./support/workload.js";

const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const TOKEN = "123456:BENCH-token-abcdefghijklmnopqrstuvwxyz0123";

function option(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} wants a whole number`);
  return v;
}

interface Side {
  name: string;
  handle(u: Update): Promise<void>;
  builder: { message(who: { id: number; first_name: string }, text: string): Update };
  flush(): Promise<void>;
  /** CPU ms so far of the server processes serving this side's database. */
  serverCpuMs(): Promise<number>;
  close(): Promise<void>;
}

async function build(dir: string, label: string, db: string): Promise<Side> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${db}`;
  // Each side's own modules, by path: a change in either src/ is what is compared.
  const from = (file: string) => import(resolve(dir, file));
  const { openDatabase } = await from("src/db/database.ts");
  const { createApp } = await from("src/app.ts");
  const { loadConfig } = await from("src/config/config.ts");
  const { LocalBotApi } = await from("src/bot/local/api.ts");
  const { UpdateBuilder } = await from("src/bot/local/updates.ts");
  const { seedDemo } = await from("src/db/seed/seed.ts");
  const database = await openDatabase({ kind: "postgres", url: url.href, poolSize: 10 });
  await seedDemo(database.prisma);
  const config = loadConfig({ BOT_TOKEN: TOKEN, BOT_MODE: "polling", LOG_LEVEL: "silent" });
  const api = new LocalBotApi();
  const app = await createApp(config, { database, telegram: { fetch: api.fetch, botInfo: api.botInfo }, logger: pino({ level: "silent" }), seedDemo: false });
  return {
    name: label,
    handle: (u) => app.bot.handleUpdate(u),
    builder: new UpdateBuilder(api),
    flush: () => app.services.conversationLog.flush(),
    serverCpuMs: async () => {
      const pids: { pid: number }[] = await database.sql(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
      let ticks = 0;
      for (const { pid } of pids) {
        try {
          const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
          ticks += Number(fields[11]) + Number(fields[12]);
        } catch {
          // a backend that ended meanwhile, or a server on another host
        }
      }
      return ticks * 10; // USER_HZ = 100
    },
    close: async () => {
      await app.close();
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await a.end();
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const [dirA, dirB] = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !all[i - 1]?.startsWith("--"));
  if (!dirA || !dirB) {
    console.error("usage: npx tsx bench/ab.ts <checkout A> <checkout B> [--rounds 12] [--chunk 1500] [--in-flight 32]");
    process.exit(2);
  }
  const rounds = option("rounds", 12);
  const chunk = option("chunk", 1500);
  const inFlight = option("in-flight", 32);
  const sides = [await build(dirA, `A ${dirA}`, `voterlink_ab_a_${process.pid}`), await build(dirB, `B ${dirB}`, `voterlink_ab_b_${process.pid}`)];
  const cpu: number[][] = [[], []];
  const server: number[][] = [[], []];
  const rate: number[][] = [[], []];
  try {
    // Warm-up (JIT, pools, caches), not counted.
    for (const s of sides) {
      await drive((u) => s.handle(u), workload(s.builder, 800_000_000, 300, 1500, 7).updates, inFlight);
      await s.flush();
    }
    for (let r = 0; r < rounds; r++) {
      // A B, then B A: neither side always runs right after the other.
      for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
        const s = sides[i]!;
        // Everyone in a chunk is new (their first update creates their row), as in bench/updates.ts.
        const { updates } = workload(s.builder, 100_000_000 + r * 1_000_000, Math.round(chunk * 0.4), chunk, 42 + r);
        const server0 = await s.serverCpuMs();
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await drive((u) => s.handle(u), updates, inFlight);
        await s.flush();
        const used = process.cpuUsage(cpu0);
        rate[i]!.push(chunk / ((performance.now() - t0) / 1000));
        cpu[i]!.push((used.user + used.system) / 1000 / chunk);
        server[i]!.push(((await s.serverCpuMs()) - server0) / chunk);
      }
    }
  } finally {
    for (const s of sides) await s.close();
  }
  const f = (x: number) => x.toFixed(3);
  console.log(`\n${rounds} rounds of ${chunk} updates, ${inFlight} in flight, alternating\n`);
  console.log("| side | Node CPU ms/update (median) | per round | server CPU ms/update (median) | updates/s (median) |");
  console.log("|---|---:|---|---:|---:|");
  for (const [i, s] of sides.entries())
    console.log(`| ${s.name} | ${f(median(cpu[i]!))} | ${cpu[i]!.map(f).join(" / ")} | ${f(median(server[i]!))} | ${Math.round(median(rate[i]!)).toLocaleString("en-US")} |`);
  const ratios = cpu[1]!.map((b, r) => b / cpu[0]![r]!);
  console.log(`\nB / A, Node CPU per update, per round: ${ratios.map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`median ${median(ratios).toFixed(3)} (below 1: B costs less)`);
  process.exit(0);
}

await main();
