// Throughput and latency of the whole bot: text updates through the full middleware stack
// (sequentialize, observe, conversation log, user lookup + i18n, rate limit, lazy session,
// features) with the in-process Telegram (src/bot/local) as the fake Bot API, on
//   1. PGlite (in memory, demo county seeded), and
//   2. PostgreSQL, when reachable: a scratch database voterlink_bench_<pid>, dropped at the end.
//
//   npm run bench                      (= npx tsx bench/updates.ts)
//   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench   (a .cpuprofile per backend;
//   node refuses --cpu-prof in NODE_OPTIONS, so extra node flags for the children go here)
//
// Each backend runs in its own child process (so PGlite's memory does not show in the
// PostgreSQL numbers, and `--expose-gc` is available for the idle RSS measurement).
// Environment (all optional):
//   BENCH_PG_ADMIN_URL   server to create the scratch database on (postgresql://postgres@127.0.0.1:5432/postgres)
//   BENCH_CONCURRENCY    updates in flight (32)
//   BENCH_FETCH_BATCH    updates per simulated getUpdates answer (100); 1 = one event-loop turn per update
//   BENCH_USERS          distinct people in the measured run (2000)
//   BENCH_PG_UPDATES     measured updates on PostgreSQL (5000)
//   BENCH_PGLITE_UPDATES measured updates on PGlite (3000)
//   BENCH_ONLY           "pglite" or "postgres"
//   BENCH_NODE_ARGS      extra node flags for the backend processes (profiling)
// Times never fail the bench; it exits non-zero only if something broke (an update without
// its reply, a handler error, conversation-log rows missing, a database that would not open).
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import pg from "pg";
import pino from "pino";
import type { Update } from "grammy/types";
import { createApp } from "../src/app.js";
import { createI18n } from "../src/bot/i18n.js";
import { LocalBotApi } from "../src/bot/local/api.js";
import { UpdateBuilder, type Person } from "../src/bot/local/updates.js";
import { SUPPORTED_LOCALES, loadConfig } from "../src/config/config.js";
import { openDatabase, type Database, type DatabaseTarget } from "../src/db/database.js";
import { mulberry32 } from "../src/db/seed/demo-data.js";

const TOKEN = "123456:BENCH-token-abcdefghijklmnopqrstuvwxyz0123";
const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL("..", import.meta.url));

const env = process.env;
const int = (key: string, dflt: number) => {
  const v = Number(env[key]);
  return Number.isInteger(v) && v > 0 ? v : dflt;
};
const ADMIN_URL = env.BENCH_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const CONCURRENCY = int("BENCH_CONCURRENCY", 32);
// The main run, then the same mix one update at a time: the service time without queueing.
const LEVELS = [CONCURRENCY, 1];
const SERIAL_UPDATES = 1000;
// Updates per getUpdates answer (Telegram's maximum, what a busy bot gets).
const FETCH_BATCH = int("BENCH_FETCH_BATCH", 100);
const USERS = int("BENCH_USERS", 2000);
const UPDATES = { postgres: int("BENCH_PG_UPDATES", 5000), pglite: int("BENCH_PGLITE_UPDATES", 3000) };
const WARMUP_USERS = 300;
const WARMUP_UPDATES = 900;
const TARGETS = {
  postgres: { perSecond: 1000, p99: 50 },
  pglite: { perSecond: 300, p99: 50 },
  idleRssMb: 200,
};

// Questions in voters' own words; each matches an FAQ entry (checked: every reply must be an answer).
const QUESTIONS = [
  "代投怎么办理",
  "我在外地打工回不来怎么投票",
  "投票站在哪里",
  "选民证丢了怎么办",
  "选举日是哪天",
  "我户口不在这里能投票吗",
  "老人坐轮椅怎么投票",
  "怎么查选民名单上有没有我",
  "候选人是怎么产生的",
  "有人送钱拉票怎么举报",
];
const START_SHARE = 0.2; // the rest are free-text FAQ questions
const EN_SHARE = 0.1; // people whose Telegram is in English (FAQ falls back to Chinese + a note)

interface RunResult {
  backend: "pglite" | "postgres";
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


type Kind = "start" | "faq";

function workload(builder: UpdateBuilder, firstId: number, users: number, count: number, seed: number) {
  const rnd = mulberry32(seed);
  const people: Person[] = Array.from({ length: users }, (_, i) => ({
    id: firstId + i,
    first_name: `Voter${i}`,
    language_code: rnd() < EN_SHARE ? "en" : "zh-hans",
    ...(i % 3 === 0 ? { username: `voter_${firstId + i}` } : {}),
  }));
  const updates: Update[] = [];
  const kinds: Kind[] = [];
  // Round-robin over people: one person's messages are `users` updates apart, as when many
  // people talk at once (sequentialize rarely has to hold one back).
  for (let k = 0; k < count; k++) {
    const who = people[k % users]!;
    const kind: Kind = rnd() < START_SHARE ? "start" : "faq";
    const text = kind === "start" ? "/start" : QUESTIONS[Math.floor(rnd() * QUESTIONS.length)]!;
    updates.push(builder.message(who, text));
    kinds.push(kind);
  }
  return { updates, kinds };
}

/**
 * Runs the updates the way grammY's runner does under load: they arrive in batches of
 * FETCH_BATCH (one getUpdates answer each, an event-loop turn apart), and at most `concurrency`
 * are in flight; a finished update's slot goes to the next fetched one at once. Latency is
 * measured per update around bot.handleUpdate.
 */
async function drive(handle: (u: Update) => Promise<void>, updates: Update[], concurrency: number) {
  const latencies = new Float64Array(updates.length);
  const failures: string[] = [];
  let next = 0;
  let fetched = 0;
  let fetching: Promise<void> | undefined;
  // The next update to start, waiting for the next "getUpdates" batch when this one is used up.
  async function take(): Promise<number | undefined> {
    for (;;) {
      if (next >= updates.length) return undefined;
      if (next < fetched) return next++;
      fetching ??= new Promise<void>((resolve) =>
        setImmediate(() => {
          fetched = Math.min(updates.length, fetched + FETCH_BATCH);
          fetching = undefined;
          resolve();
        }),
      );
      await fetching;
    }
  }
  async function worker() {
    for (let i = await take(); i !== undefined; i = await take()) {
      const t = performance.now();
      try {
        await handle(updates[i]!);
      } catch (e) {
        failures.push(String(e));
      }
      latencies[i] = performance.now() - t;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, updates.length) }, worker));
  return { latencies, failures };
}

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

async function runBackend(backend: "pglite" | "postgres", url: string | undefined): Promise<RunResult[]> {
  const target: DatabaseTarget =
    backend === "postgres" ? { kind: "postgres", url: url!, poolSize: 10 } : { kind: "pglite", dir: "memory://" };
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

    const handle = (u: Update) => bot.handleUpdate(u);

    // Warm-up (not counted): other people, same mix; JIT, connection pool, FAQ cache.
    const warm = workload(builder, 800_000_000, WARMUP_USERS, WARMUP_UPDATES, 7);
    const warmRun = await drive(handle, warm.updates, CONCURRENCY);
    await services.conversationLog.flush();
    const warmProblems = warmRun.failures.map((f) => `warm-up: ${f}`);

    const results: RunResult[] = [];
    for (const [level, concurrency] of LEVELS.entries()) {
      // Each level gets people of its own: their first update creates their User row, as in real life.
      const count = level === 0 ? UPDATES[backend] : Math.min(SERIAL_UPDATES, UPDATES[backend]);
      const users = level === 0 ? USERS : Math.max(1, Math.round((USERS * count) / UPDATES[backend]));
      const { updates, kinds } = workload(builder, 100_000_000 + level * 10_000_000, users, count, 42 + level);
      const problems = level === 0 ? [...warmProblems] : [];
      const logRowsBefore = await db.prisma.conversationLog.count();
      const callsBefore = api.calls.length;
      const errorsBefore = metricTotal(await metrics.errors.get());
      const loop = monitorEventLoopDelay({ resolution: 5 });

      loop.enable();
      const t0 = performance.now();
      const { latencies, failures } = await drive(handle, updates, concurrency);
      const handledAt = performance.now();
      await services.conversationLog.flush(); // the log's write cost belongs to the run
      const t1 = performance.now();
      loop.disable();
      const rss = process.memoryUsage();

      // Checks: every update answered, with the answer it should get, and logged both ways.
      problems.push(...failures.map((f) => `handleUpdate threw: ${f}`));
      const sent = api.calls.slice(callsBefore).filter((c) => c.method === "sendMessage");
      const texts = sent.map((c) => String(c.payload.text ?? ""));
      const faqWanted = kinds.filter((k) => k === "faq").length;
      const startWanted = count - faqWanted;
      const faqGot = texts.filter((t) => t.startsWith("❓")).length;
      const startGot = texts.filter((t) => !t.startsWith("❓") && t.includes(county)).length;
      const errorReplies = texts.filter((t) => errorText.has(t)).length;
      const handlerErrors = metricTotal(await metrics.errors.get()) - errorsBefore;
      if (sent.length !== count) problems.push(`${sent.length} replies for ${count} updates (updates dropped?)`);
      if (faqGot !== faqWanted) problems.push(`${faqGot} FAQ answers for ${faqWanted} questions`);
      if (startGot !== startWanted) problems.push(`${startGot} /start welcomes for ${startWanted} /start`);
      if (errorReplies > 0) problems.push(`${errorReplies} replies were the internal-error message`);
      if (handlerErrors > 0) problems.push(`${handlerErrors} errors counted by the error boundary`);
      const logRows = (await db.prisma.conversationLog.count()) - logRowsBefore;
      const logWanted = count + sent.length; // one IN per update, one OUT per sendMessage
      if (logRows !== logWanted) problems.push(`${logRows} conversation-log rows, expected ${logWanted}`);
      if (services.conversationLog.dropped > 0) problems.push(`conversation log dropped ${services.conversationLog.dropped} rows`);

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
        seedMs,
        problems,
        checks: `replies ${sent.length}/${count} (FAQ answers ${faqGot}/${faqWanted}, /start ${startGot}/${startWanted}), log rows ${logRows}/${logWanted}, handler errors ${handlerErrors}`,
      });
    }
    return results;
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
  const db = await openDatabase({ kind: "postgres", url, poolSize: 10 });
  const { services } = await buildBot(db);
  // One query so the pool holds a live connection, as a running bot would.
  await db.prisma.$queryRaw`SELECT 1`;
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
    const result = mode === "idle" ? await idle(url!) : await runBackend(mode as "pglite" | "postgres", url);
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

async function parent() {
  const only = env.BENCH_ONLY;
  const rows: RunResult[] = [];
  const notes: string[] = [];
  let idleResult: IdleResult | undefined;
  let broken = false;

  console.error(
    `bench: ${USERS} people, concurrency ${CONCURRENCY}, ${Math.round(START_SHARE * 100)}% /start + FAQ questions, warm-up ${WARMUP_UPDATES} updates`,
  );

  if (only !== "postgres") {
    console.error("bench: PGlite …");
    try {
      rows.push(...((await inChild("pglite")) as RunResult[]));
    } catch (e) {
      broken = true;
      notes.push(`PGlite run failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  if (only !== "pglite") {
    const admin = await adminClient();
    if (!admin) notes.push(`PostgreSQL skipped: ${new URL(ADMIN_URL).host} is not reachable`);
    else {
      const name = `voterlink_bench_${process.pid}`;
      const drop = async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch((e: unknown) => {
          notes.push(`could not drop ${name}: ${String(e)}`);
        });
      };
      const onSignal = () => void drop().finally(() => process.exit(130));
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
        const url = scratchUrl(name);
        console.error(`bench: PostgreSQL (${name}) …`);
        try {
          rows.push(...((await inChild("postgres", url)) as RunResult[]));
        } catch (e) {
          broken = true;
          notes.push(`PostgreSQL run failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        console.error("bench: idle RSS …");
        try {
          idleResult = (await inChild("idle", url)) as IdleResult;
        } catch (e) {
          broken = true;
          notes.push(`idle RSS measurement failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      } finally {
        await drop();
        await admin.end();
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    }
  }

  const header = ["backend", "updates", "concurrency", "updates/s", "p50 ms", "p99 ms", "max ms", "RSS MB after run", "target", "met"];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map((h) => (/backend|target|met/.test(h) ? "---" : "---:")).join("|")}|`];
  for (const r of rows) {
    const t = TARGETS[r.backend];
    const name = r.backend === "pglite" ? "PGlite (memory)" : "PostgreSQL (pool 10)";
    // The one-at-a-time row has no throughput target: it shows the latency without queueing.
    const serial = r.concurrency === 1 && CONCURRENCY !== 1;
    const target = serial ? `p99 < ${t.p99} ms (no queueing)` : `≥ ${t.perSecond.toLocaleString("en-US")}/s, p99 < ${t.p99} ms`;
    const met = r.p99 < t.p99 && (serial || r.perSecond >= t.perSecond);
    lines.push(
      `| ${name} | ${r.updates.toLocaleString("en-US")} | ${r.concurrency} | ${fmt(r.perSecond, 0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.rssMb} | ${target} | ${met ? "yes" : "no"} |`,
    );
  }
  console.log("");
  console.log(lines.join("\n"));
  console.log("");
  if (idleResult)
    console.log(
      `idle RSS (PostgreSQL mode, bot built, no load): ${idleResult.rssMb} MB (target < ${TARGETS.idleRssMb} MB: ${idleResult.rssMb < TARGETS.idleRssMb ? "met" : "missed"}; heap used ${idleResult.heapMb} MB${idleResult.gc ? ", after GC" : ", no GC available"})`,
    );
  for (const r of rows) {
    console.log(
      `${r.backend} ×${r.concurrency}: ${r.users} people, wall ${fmt(r.wallMs / 1000, 2)} s incl. log flush ${fmt(r.flushMs, 0)} ms, p90 ${fmt(r.p90)} ms, event-loop delay p99 ${fmt(r.loopP99)} / max ${fmt(r.loopMax)} ms, heap ${r.heapMb} MB, seed ${fmt(r.seedMs / 1000, 1)} s; ${r.checks}`,
    );
    if (r.problems.length > 0) {
      broken = true;
      for (const p of r.problems.slice(0, 10)) console.log(`  PROBLEM (${r.backend}): ${p}`);
    }
  }
  for (const n of notes) console.log(`note: ${n}`);
  process.exitCode = broken ? 1 : 0;
}

const argv = process.argv.slice(2);
if (argv[0] === "--child") await child(argv[1]!, argv[2]);
else await parent();
