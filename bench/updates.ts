// Throughput and latency of the whole bot: text updates through the full middleware stack
// (sequentialize, observe, conversation log, user lookup + i18n, rate limit, lazy session,
// features) with the in-process Telegram (src/bot/local) as the fake Bot API, beside a bare
// grammY bot (same fake Bot API, same updates, a fixed reply, no database) run in the same
// invocation: on a shared machine the ratio to that baseline is what counts.
//
//   npm run bench                      (= npx tsx bench/updates.ts)
//   npm run bench -- --runs 3          (three runs; the table shows medians)
//   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench   (a .cpuprofile per child;
//   node refuses --cpu-prof in NODE_OPTIONS, so extra node flags for the children go here;
//   `npx tsx bench/profile.ts /tmp/prof/<file>.cpuprofile` summarises one)
//
// Backends, each in a child process of its own per run (so PGlite's memory does not show in the
// PostgreSQL numbers, and `--expose-gc` is available for the idle RSS measurement):
//   bare      grammY alone: Bot + the same LocalBotApi + ctx.reply("ok");
//   pglite    in memory, demo county seeded;
//   postgres  when reachable: a scratch database voterlink_bench_<pid>_<run>, dropped at the end.
// Environment (all optional):
//   BENCH_PG_ADMIN_URL   server to create the scratch database on (postgresql://postgres@127.0.0.1:5432/postgres)
//   BENCH_LEVELS         updates in flight, one measured run each ("32,8,1")
//   BENCH_FETCH_BATCH    updates per simulated getUpdates answer (100); 1 = one event-loop turn per update
//   BENCH_USERS          distinct people in the first (main) level (2000)
//   BENCH_PG_UPDATES     updates in the main level on PostgreSQL (5000); later levels: 2000, then 1000
//   BENCH_PGLITE_UPDATES updates in the main level on PGlite (3000)
//   BENCH_BARE_UPDATES   updates in the main level of bare grammY (20000: it is ~6× faster)
//   BENCH_ONLY           "pglite" or "postgres" (bare grammY always runs)
//   BENCH_RUNS           runs (1); `--runs N` on the command line does the same
//   BENCH_NODE_ARGS      extra node flags for the backend processes
//   BENCH_PROFILE        a directory: CPU profile of the main level only (not seeding or warm-up),
//                        <dir>/<backend>-<pid>.cpuprofile; `npx tsx bench/profile.ts <file>` summarises it
// Times never fail the bench; it exits non-zero only if something broke (an update without
// its reply, a handler error, conversation-log rows missing, a database that would not open).
import { fork } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { Session } from "node:inspector/promises";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { Bot } from "grammy";
import pg from "pg";
import pino from "pino";
import type { Update } from "grammy/types";
import { createApp } from "../src/app.js";
import { createI18n } from "../src/bot/i18n.js";
import { LocalBotApi } from "../src/bot/local/api.js";
import { UpdateBuilder } from "../src/bot/local/updates.js";
import { SUPPORTED_LOCALES, loadConfig } from "../src/config/config.js";
import { openDatabase, type Database, type DatabaseTarget } from "../src/db/database.js";
import { drive, START_SHARE, workload, type Kind } from "./support/workload.js";

const TOKEN = "123456:BENCH-token-abcdefghijklmnopqrstuvwxyz0123";
const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL("..", import.meta.url));

const env = process.env;
const int = (key: string, dflt: number) => {
  const v = Number(env[key]);
  return Number.isInteger(v) && v > 0 ? v : dflt;
};
const ADMIN_URL = env.BENCH_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const LEVELS = (env.BENCH_LEVELS ?? "32,8,1")
  .split(",")
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
// Updates per getUpdates answer (Telegram's maximum, what a busy bot gets).
const FETCH_BATCH = int("BENCH_FETCH_BATCH", 100);
const USERS = int("BENCH_USERS", 2000);
type Backend = "bare" | "pglite" | "postgres";
const MAIN_UPDATES: Record<Backend, number> = {
  postgres: int("BENCH_PG_UPDATES", 5000),
  pglite: int("BENCH_PGLITE_UPDATES", 3000),
  bare: int("BENCH_BARE_UPDATES", 20000),
};
// Later levels are shorter: one update at a time takes longer per update.
const LATER_UPDATES: Record<Backend, number[]> = { postgres: [2000, 1000], pglite: [2000, 1000], bare: [10000, 5000] };
const POOL_SIZE = 10;
const WARMUP_USERS = 300;
const WARMUP_UPDATES = 900;
const TARGETS = {
  postgres: { perSecond: 3000, p99: 50 },
  pglite: { perSecond: 300, p99: 50 },
  idleRssMb: 200,
};

interface RunResult {
  backend: Backend;
  updates: number;
  concurrency: number;
  users: number;
  wallMs: number;
  flushMs: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  rssMb: number;
  heapMb: number;
  /** Event-loop delay while the run was going (a stall delays every update in flight). */
  loopP99: number;
  loopMax: number;
  /** SQL statements per update (including the log flush), through Prisma and the hot path. */
  sqlPrisma: number;
  sqlHotPath: number;
  /** PostgreSQL: connections this database had open at the end of the level. */
  connections?: number;
  /**
   * CPU time per update, in ms: this Node process (user + system), and on PostgreSQL the server
   * processes serving this database (from /proc, when the server runs on this host). Much less
   * sensitive than updates/s to other work on a shared machine: use it to compare changes.
   */
  cpuMs: number;
  pgCpuMs?: number;
  seedMs: number;
  problems: string[];
  checks: string;
}

interface IdleResult {
  rssMb: number;
  heapMb: number;
  gc: boolean;
}

type ChildMessage = { ok: true; result: RunResult[] | IdleResult } | { ok: false; error: string };

// ───────────────────────────── child: one backend ─────────────────────────────

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));

async function buildBot(db: Database) {
  const config = loadConfig({ BOT_TOKEN: TOKEN, BOT_MODE: "polling", LOG_LEVEL: "silent" });
  const api = new LocalBotApi();
  const app = await createApp(config, { database: db, telegram: { fetch: api.fetch, botInfo: api.botInfo }, logger: pino({ level: "silent" }), seedDemo: false });
  return { config, services: app.services, metrics: app.metrics, api, bot: app.bot, builder: new UpdateBuilder(api) };
}

/** What one level needs from a backend: how to handle an update, and what to check after. */
interface Subject {
  backend: Backend;
  api: LocalBotApi;
  builder: UpdateBuilder;
  handle(u: Update): Promise<void>;
  /** Writes what the run queued (the conversation log): its cost belongs to the run. */
  flush(): Promise<void>;
  statements(): { prisma: number; hotPath: number };
  connections?(): Promise<number>;
  /** CPU time (ms) so far of the server processes serving this database, when readable. */
  serverCpuMs?(): Promise<number | undefined>;
  /** Problems found after a level (beyond "one sendMessage per update"). */
  check?(level: { count: number; kinds: Kind[]; sentTexts: string[]; callsBefore: number }): Promise<{ problems: string[]; checks: string }>;
  /** Called before each level starts measuring. */
  before?(): Promise<void>;
  seedMs: number;
}

async function measure(subject: Subject): Promise<RunResult[]> {
  const { backend, api, builder } = subject;
  const handle = (u: Update) => subject.handle(u);

  // Warm-up (not counted): other people, same mix; JIT, connection pool, FAQ cache.
  const warm = workload(builder, 800_000_000, WARMUP_USERS, WARMUP_UPDATES, 7);
  const warmRun = await drive(handle, warm.updates, LEVELS[0] ?? 32, FETCH_BATCH);
  await subject.flush();
  const warmProblems = warmRun.failures.map((f) => `warm-up: ${f}`);

  const results: RunResult[] = [];
  for (const [level, concurrency] of LEVELS.entries()) {
    // Each level gets people of its own: their first update creates their User row, as in real life.
    const count = level === 0 ? MAIN_UPDATES[backend] : Math.min(LATER_UPDATES[backend][level - 1] ?? 1000, MAIN_UPDATES[backend]);
    const users = Math.max(1, Math.round((USERS * count) / MAIN_UPDATES[backend]));
    const { updates, kinds } = workload(builder, 100_000_000 + level * 10_000_000, users, count, 42 + level);
    const problems = level === 0 ? [...warmProblems] : [];
    await subject.before?.();
    const callsBefore = api.calls.length;
    const sqlBefore = subject.statements();
    const serverBefore = await subject.serverCpuMs?.();
    const cpuBefore = process.cpuUsage();
    const loop = monitorEventLoopDelay({ resolution: 5 });

    const profiler = level === 0 && env.BENCH_PROFILE ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    loop.enable();
    const t0 = performance.now();
    const { latencies, failures } = await drive(handle, updates, concurrency, FETCH_BATCH);
    const handledAt = performance.now();
    await subject.flush();
    const t1 = performance.now();
    loop.disable();
    if (profiler) {
      const { profile } = await profiler.post("Profiler.stop");
      mkdirSync(env.BENCH_PROFILE!, { recursive: true });
      writeFileSync(`${env.BENCH_PROFILE}/${backend}-${process.pid}.cpuprofile`, JSON.stringify(profile));
      profiler.disconnect();
    }
    const cpu = process.cpuUsage(cpuBefore);
    const rss = process.memoryUsage();
    const sqlAfter = subject.statements();
    const serverAfter = await subject.serverCpuMs?.();

    problems.push(...failures.map((f) => `handleUpdate threw: ${f}`));
    const sent = api.calls.slice(callsBefore).filter((c) => c.method === "sendMessage");
    if (sent.length !== count) problems.push(`${sent.length} replies for ${count} updates (updates dropped?)`);
    let checks = `replies ${sent.length}/${count}`;
    if (subject.check) {
      const more = await subject.check({ count, kinds, sentTexts: sent.map((c) => String(c.payload.text ?? "")), callsBefore });
      problems.push(...more.problems);
      checks = more.checks;
    }
    const sorted = Float64Array.from(latencies).sort();
    const wallMs = t1 - t0;
    results.push({
      backend,
      updates: count,
      concurrency,
      users,
      wallMs,
      flushMs: t1 - handledAt,
      perSecond: count / (wallMs / 1000),
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? 0,
      rssMb: mb(rss.rss),
      heapMb: mb(rss.heapUsed),
      loopP99: loop.percentile(99) / 1e6,
      loopMax: loop.max / 1e6,
      sqlPrisma: (sqlAfter.prisma - sqlBefore.prisma) / count,
      sqlHotPath: (sqlAfter.hotPath - sqlBefore.hotPath) / count,
      ...(subject.connections ? { connections: await subject.connections() } : {}),
      cpuMs: (cpu.user + cpu.system) / 1000 / count,
      ...(serverBefore !== undefined && serverAfter !== undefined ? { pgCpuMs: (serverAfter - serverBefore) / count } : {}),
      seedMs: subject.seedMs,
      problems,
      checks,
    });
  }
  return results;
}

/** grammY alone: the same fake Bot API and updates, a fixed reply, no database. */
async function runBare(): Promise<RunResult[]> {
  const api = new LocalBotApi();
  const bot = new Bot(TOKEN, { botInfo: api.botInfo, client: { fetch: api.fetch } });
  bot.on("message", (ctx) => ctx.reply("ok"));
  await bot.init();
  return measure({
    backend: "bare",
    api,
    builder: new UpdateBuilder(api),
    handle: (u) => bot.handleUpdate(u),
    flush: async () => {},
    statements: () => ({ prisma: 0, hotPath: 0 }),
    seedMs: 0,
  });
}

async function runBackend(backend: "pglite" | "postgres", url: string | undefined): Promise<RunResult[]> {
  const target: DatabaseTarget =
    backend === "postgres" ? { kind: "postgres", url: url!, poolSize: POOL_SIZE } : { kind: "pglite", dir: "memory://" };
  const db = await openDatabase(target);
  const { services, metrics, api, bot, builder } = await buildBot(db);
  try {
    // Imported here so that the idle-RSS process does not load the demo data generator.
    const { seedDemo } = await import("../src/db/seed/seed.js");
    const seedStart = performance.now();
    await seedDemo(db.prisma);
    const seedMs = performance.now() - seedStart;
    const county = (await services.areas.overview())?.county.name;
    if (!county) throw new Error("seedDemo left no county");
    const i18n = createI18n("zh-CN");
    const errorText = new Set(SUPPORTED_LOCALES.map((l) => i18n.getFixedT(l)("errors.internal")));
    let logRowsBefore = 0;
    let errorsBefore = 0;

    return await measure({
      backend,
      api,
      builder,
      seedMs,
      handle: (u) => bot.handleUpdate(u),
      flush: () => services.conversationLog.flush(),
      statements: () => ({ ...db.statements }),
      ...(backend === "postgres"
        ? {
            connections: async () =>
              Number((await db.sql<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()`))[0]!.n),
          }
        : {}),
      serverCpuMs: async () => {
        if (backend !== "postgres") return undefined;
        const pids = await db.sql<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
        let ticks = 0;
        try {
          for (const { pid } of pids) {
            // Fields after the command name: utime and stime are the 12th and 13th.
            const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
            ticks += Number(fields[11]) + Number(fields[12]);
          }
        } catch {
          return undefined; // the server is elsewhere (or /proc is not ours to read)
        }
        return ticks * 10; // USER_HZ = 100 on Linux
      },
      before: async () => {
        logRowsBefore = await db.prisma.conversationLog.count();
        errorsBefore = metricTotal(await metrics.errors.get());
      },
      // Every update answered, with the answer it should get, and logged both ways.
      check: async ({ count, kinds, sentTexts }) => {
        const problems: string[] = [];
        const faqWanted = kinds.filter((k) => k === "faq").length;
        const startWanted = count - faqWanted;
        const faqGot = sentTexts.filter((t) => t.startsWith("❓")).length;
        const startGot = sentTexts.filter((t) => !t.startsWith("❓") && t.includes(county)).length;
        const errorReplies = sentTexts.filter((t) => errorText.has(t)).length;
        const handlerErrors = metricTotal(await metrics.errors.get()) - errorsBefore;
        if (faqGot !== faqWanted) problems.push(`${faqGot} FAQ answers for ${faqWanted} questions`);
        if (startGot !== startWanted) problems.push(`${startGot} /start welcomes for ${startWanted} /start`);
        if (errorReplies > 0) problems.push(`${errorReplies} replies were the internal-error message`);
        if (handlerErrors > 0) problems.push(`${handlerErrors} errors counted by the error boundary`);
        const logRows = (await db.prisma.conversationLog.count()) - logRowsBefore;
        const logWanted = count + sentTexts.length; // one IN per update, one OUT per sendMessage
        if (logRows !== logWanted) problems.push(`${logRows} conversation-log rows, expected ${logWanted}`);
        if (services.conversationLog.dropped > 0) problems.push(`conversation log dropped ${services.conversationLog.dropped} rows`);
        return {
          problems,
          checks: `replies ${sentTexts.length}/${count} (FAQ answers ${faqGot}/${faqWanted}, /start ${startGot}/${startWanted}), log rows ${logRows}/${logWanted}, handler errors ${handlerErrors}`,
        };
      },
    });
  } finally {
    await services.conversationLog.stop();
    await db.close();
  }
}

function metricTotal(m: { values: { value: number }[] }): number {
  return m.values.reduce((s, v) => s + v.value, 0);
}

/** RSS of a process that opened PostgreSQL and built services and the bot, after GC, no load. */
async function idle(url: string): Promise<IdleResult> {
  const db = await openDatabase({ kind: "postgres", url, poolSize: POOL_SIZE });
  const { services } = await buildBot(db);
  // One query each way so the pool holds a live connection, as a running bot would.
  await db.prisma.$queryRaw`SELECT 1`;
  await db.sql(`SELECT 1`);
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 200));
  }
  const m = process.memoryUsage();
  await services.conversationLog.stop();
  await db.close();
  return { rssMb: mb(m.rss), heapMb: mb(m.heapUsed), gc: !!gc };
}

async function child(mode: string, url: string | undefined) {
  let msg: ChildMessage;
  try {
    const result =
      mode === "idle" ? await idle(url!) : mode === "bare" ? await runBare() : await runBackend(mode as "pglite" | "postgres", url);
    msg = { ok: true, result };
  } catch (e) {
    msg = { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  if (process.send) process.send(msg, () => process.exit(0));
  else {
    console.log(JSON.stringify(msg, null, 2));
    process.exit(msg.ok ? 0 : 1);
  }
}

// ───────────────────────────── parent: orchestration ─────────────────────────────

function inChild(mode: string, url?: string): Promise<RunResult[] | IdleResult> {
  return new Promise((resolve, reject) => {
    const p = fork(SELF, ["--child", mode, ...(url ? [url] : [])], {
      cwd: ROOT,
      execArgv: ["--import", "tsx", "--expose-gc", ...(env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [])],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let answer: ChildMessage | undefined;
    const timer = setTimeout(() => p.kill("SIGKILL"), 300_000);
    p.on("message", (m) => (answer = m as ChildMessage));
    p.on("error", reject);
    p.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (answer?.ok) resolve(answer.result);
      else if (answer) reject(new Error(`${mode}: ${answer.error}`));
      else reject(new Error(`${mode}: child exited (${signal ?? code}) without a result`));
    });
  });
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

async function adminClient(): Promise<pg.Client | undefined> {
  const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return c;
  } catch {
    await c.end().catch(() => {});
    return undefined;
  }
}

function scratchUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.href;
}

function fmt(n: number, digits = 1): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "0.25" (Node) or "0.25 + 0.10" (Node + PostgreSQL server). */
function cpuText(node: number, server?: number): string {
  return server === undefined ? fmt(node, 3) : `${fmt(node, 3)} + ${fmt(server, 3)}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function runsFromArgs(argv: string[]): number {
  const i = argv.indexOf("--runs");
  const v = i >= 0 ? Number(argv[i + 1]) : Number(env.BENCH_RUNS ?? 1);
  return Number.isInteger(v) && v > 0 ? v : 1;
}

async function parent(argv: string[]) {
  const only = env.BENCH_ONLY;
  const runs = runsFromArgs(argv);
  // rows[run] = every level of every backend in that run
  const perRun: RunResult[][] = [];
  const idles: IdleResult[] = [];
  const notes: string[] = [];
  // Other work on the machine skews every time: say how busy it was when each run started.
  const loads: number[] = [];
  let broken = false;

  console.error(
    `bench: ${runs} run(s); levels ${LEVELS.join(", ")} in flight; ${USERS} people, ${Math.round(START_SHARE * 100)}% /start + FAQ questions, warm-up ${WARMUP_UPDATES} updates`,
  );
  const admin = only === "pglite" ? undefined : await adminClient();
  if (only !== "pglite" && !admin) notes.push(`PostgreSQL skipped: ${new URL(ADMIN_URL).host} is not reachable`);
  const scratch = new Set<string>();
  const dropAll = async () => {
    for (const name of scratch)
      await admin?.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch((e: unknown) => {
        notes.push(`could not drop ${name}: ${String(e)}`);
      });
    scratch.clear();
  };
  const onSignal = () => void dropAll().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    for (let run = 1; run <= runs; run++) {
      const rows: RunResult[] = [];
      perRun.push(rows);
      loads.push(loadavg()[0]!);
      const tag = runs > 1 ? ` (run ${run}/${runs})` : "";
      const attempt = async (what: string, fn: () => Promise<void>) => {
        try {
          await fn();
        } catch (e) {
          broken = true;
          notes.push(`${what}${tag} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      };
      console.error(`bench: bare grammY${tag} …`);
      await attempt("bare grammY", async () => void rows.push(...((await inChild("bare")) as RunResult[])));
      if (only !== "postgres") {
        console.error(`bench: PGlite${tag} …`);
        await attempt("PGlite run", async () => void rows.push(...((await inChild("pglite")) as RunResult[])));
      }
      if (admin) {
        // A fresh database per run: everyone in the measured levels is new each time.
        const name = `voterlink_bench_${process.pid}_${run}`;
        scratch.add(name);
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
        const url = scratchUrl(name);
        console.error(`bench: PostgreSQL (${name})${tag} …`);
        await attempt("PostgreSQL run", async () => void rows.push(...((await inChild("postgres", url)) as RunResult[])));
        console.error(`bench: idle RSS${tag} …`);
        await attempt("idle RSS measurement", async () => void idles.push((await inChild("idle", url)) as IdleResult));
        await dropAll();
      }
    }
  } finally {
    await dropAll();
    await admin?.end();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }

  // One row per (backend, level): medians over the runs; the ratio to bare grammY at the same
  // level is computed per run (both ran minutes apart at most), then its median taken.
  const header = ["backend", "in flight", "updates", runs > 1 ? "updates/s (median)" : "updates/s", ...(runs > 1 ? ["runs"] : []), "× bare grammY", "p50 ms", "p99 ms", "SQL/update", "CPU ms/update", "RSS MB", "target", "met"];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map((h) => (/backend|target|met|runs/.test(h) ? "---" : "---:")).join("|")}|`];
  const backends: Backend[] = ["bare", "pglite", "postgres"];
  const summary: { backend: Backend; concurrency: number; perSecond: number; ratio: number }[] = [];
  for (const backend of backends)
    for (const concurrency of LEVELS) {
      const rs = perRun.map((rows) => rows.find((r) => r.backend === backend && r.concurrency === concurrency)).filter((r): r is RunResult => !!r);
      if (rs.length === 0) continue;
      const ratios = perRun
        .map((rows) => {
          const mine = rows.find((r) => r.backend === backend && r.concurrency === concurrency);
          const bare = rows.find((r) => r.backend === "bare" && r.concurrency === concurrency);
          return mine && bare ? mine.perSecond / bare.perSecond : NaN;
        })
        .filter((x) => !Number.isNaN(x));
      const perSecond = median(rs.map((r) => r.perSecond));
      const p99 = median(rs.map((r) => r.p99));
      const ratio = median(ratios);
      summary.push({ backend, concurrency, perSecond, ratio });
      const name = backend === "bare" ? "bare grammY (no DB)" : backend === "pglite" ? "PGlite (memory)" : `PostgreSQL (pool ${POOL_SIZE})`;
      const sql = median(rs.map((r) => r.sqlPrisma + r.sqlHotPath));
      const t = backend === "bare" ? undefined : TARGETS[backend];
      const main = concurrency === LEVELS[0];
      const target = !t ? "" : main ? `≥ ${t.perSecond.toLocaleString("en-US")}/s, p99 < ${t.p99} ms` : `p99 < ${t.p99} ms`;
      const met = !t ? "" : p99 < t.p99 && (!main || perSecond >= t.perSecond) ? "yes" : "no";
      lines.push(
        `| ${[
          name,
          concurrency,
          rs[0]!.updates.toLocaleString("en-US"),
          fmt(perSecond, 0),
          ...(runs > 1 ? [rs.map((r) => fmt(r.perSecond, 0)).join(" / ")] : []),
          backend === "bare" ? "1" : fmt(ratio, 2),
          fmt(median(rs.map((r) => r.p50))),
          fmt(p99),
          backend === "bare" ? "–" : fmt(sql, 2),
          cpuText(median(rs.map((r) => r.cpuMs)), rs.every((r) => r.pgCpuMs !== undefined) ? median(rs.map((r) => r.pgCpuMs!)) : undefined),
          median(rs.map((r) => r.rssMb)),
          target,
          met,
        ].join(" | ")} |`,
      );
    }
  console.log("");
  console.log(lines.join("\n"));
  console.log("");
  for (const s of summary.filter((s) => s.backend !== "bare" && s.concurrency === LEVELS[0]))
    console.log(`${s.backend} at ${s.concurrency} in flight: ${fmt(s.perSecond, 0)} updates/s = ${fmt(s.ratio, 2)} × bare grammY${runs > 1 ? ` (medians of ${runs} runs)` : ""}`);
  if (idles.length > 0) {
    const rss = median(idles.map((i) => i.rssMb));
    console.log(
      `idle RSS (PostgreSQL mode, bot built, no load${idles[0]!.gc ? ", after GC" : ", no GC available"}): ${rss} MB${runs > 1 ? ` median (${idles.map((i) => i.rssMb).join(" / ")})` : ""}, target < ${TARGETS.idleRssMb} MB: ${rss < TARGETS.idleRssMb ? "met" : "missed"}; heap used ${median(idles.map((i) => i.heapMb))} MB`,
    );
  }
  for (const [i, rows] of perRun.entries())
    for (const r of rows) {
      const sql = r.backend === "bare" ? "" : `, SQL/update ${fmt(r.sqlPrisma + r.sqlHotPath, 2)} (Prisma ${fmt(r.sqlPrisma, 2)}, hot path ${fmt(r.sqlHotPath, 2)})${r.connections !== undefined ? `, connections ${r.connections}` : ""}`;
      const cpu = `, CPU ms/update ${cpuText(r.cpuMs, r.pgCpuMs)}`;
      console.log(
        `${runs > 1 ? `run ${i + 1} ` : ""}${r.backend} ×${r.concurrency}: ${fmt(r.perSecond, 0)}/s, ${r.users} people, wall ${fmt(r.wallMs / 1000, 2)} s incl. flush ${fmt(r.flushMs, 0)} ms, p50 ${fmt(r.p50)} p90 ${fmt(r.p90)} p99 ${fmt(r.p99)} max ${fmt(r.max)} ms, loop delay p99 ${fmt(r.loopP99)} / max ${fmt(r.loopMax)} ms, heap ${r.heapMb} MB${cpu}${sql}; ${r.checks}`,
      );
      if (r.problems.length > 0) {
        broken = true;
        for (const p of r.problems.slice(0, 10)) console.log(`  PROBLEM (${r.backend}): ${p}`);
      }
    }
  console.log(`machine: ${cpus().length} cores; load average (1 min) at the start of each run: ${loads.map((l) => fmt(l, 1)).join(" / ")}`);
  for (const n of notes) console.log(`note: ${n}`);
  process.exitCode = broken ? 1 : 0;
}

const argv = process.argv.slice(2);
if (argv[0] === "--child") await child(argv[1]!, argv[2]);
else await parent(argv);
