// The outbox against Telegram's limits, end to end over HTTP: a fake Bot API (bench/support/
// fake-bot-api.ts: 30 msg/s sliding window with 429 retry_after, 403 for blocked chats, 400 "chat
// not found") and PostgreSQL. Two runs with N recipients each:
//   1. one sender process from start to end;
//   2. a sender process SIGKILLed half-way, then a fresh one started (its claims expire and are
//      taken over).
// Prints achieved msg/s, duplicates and losses per run (from what the fake API received). First, a
// baseline in the same invocation: a bare loop (no database, no outbox) sending 3,000 messages at
// the same rate to a fresh fake API — what this machine allows at the moment, since it is shared.
//
//   npx tsx bench/broadcast.ts [--recipients 20000] [--only plain|kill] [--baseline 3000]
//   (BENCH_PG_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres; BROADCAST_RATE_PER_SECOND, default 29)
import { fork, type ChildProcess } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import pino from "pino";
import { createOutboxTransport } from "../src/bot/outbox-transport.js";
import { loadConfig } from "../src/config/config.js";
import { openDatabase } from "../src/db/database.js";
import { OutboxSender } from "../src/jobs/outbox-sender.js";
import { systemClock } from "../src/services/clock.js";
import { createServices } from "../src/services/index.js";
import { startFakeBotApi } from "./support/fake-bot-api.js";

const TOKEN = "123456:BENCH-token-abcdefghijklmnopqrstuvwxyz0123";
const SELF = fileURLToPath(import.meta.url);
const ADMIN = process.env.BENCH_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const LEASE_MS = 5000;

// ───────────── the sender child: `tsx bench/broadcast.ts --child <dbUrl> <apiUrl> <broadcastId>` ─────────────
async function child(dbUrl: string, apiUrl: string, broadcastId: number) {
  const config = loadConfig({ BOT_TOKEN: TOKEN, BOT_MODE: "polling", LOG_LEVEL: "silent", DATABASE_URL: dbUrl, TELEGRAM_API_ROOT: apiUrl, BROADCAST_RATE_PER_SECOND: process.env.BROADCAST_RATE_PER_SECOND ?? "29" });
  const db = await openDatabase({ kind: "postgres", url: dbUrl, poolSize: 4 }, { migrate: false });
  const logger = pino({ level: "silent" });
  const services = createServices(db.prisma, config, logger, systemClock);
  const transport = createOutboxTransport(config, services, { token: TOKEN });
  const sender = new OutboxSender(services.outbox, transport, { id: `bench-${process.pid}`, clock: systemClock, logger, leaseMs: LEASE_MS, idleMs: 200 });
  sender.start();
  process.send?.("started");
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const p = await services.outbox.progress(broadcastId);
    if (p && p.status === "DONE") break;
  }
  await sender.stop();
  await services.conversationLog.stop();
  await db.close();
  process.exit(0);
}

// ───────────── the parent ─────────────
async function run(label: string, recipients: number, kill: boolean) {
  const name = `voterlink_bench_bc_${process.pid}_${kill ? "k" : "p"}`;
  const admin = new pg.Client({ connectionString: ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  const dbUrl = url.href;
  const blocked = (id: number | string) => Number(id) % 50 === 7; // 2 %
  const notFound = (id: number | string) => Number(id) % 200 === 11; // 0.5 %
  const api = await startFakeBotApi({ globalPerSecond: 30, perChatPerSecond: 1, blocked, notFound, maxRecorded: 0 });
  const db = await openDatabase({ kind: "postgres", url: dbUrl, poolSize: 4 });
  try {
    await db.prisma.$executeRawUnsafe(`INSERT INTO "User" ("telegramId", "firstName") SELECT g, 'r' FROM generate_series(1, ${recipients}) g`);
    const config = loadConfig({ LOG_LEVEL: "silent", BROADCAST_RATE_PER_SECOND: process.env.BROADCAST_RATE_PER_SECOND ?? "29" });
    const services = createServices(db.prisma, config, pino({ level: "silent" }));
    const b = await services.outbox.createBroadcast({ key: "bench", actorId: null, content: { text: "致选民的一封信（基准测试）" }, audience: { kind: "county" }, now: new Date() });
    const expected = [...Array(recipients).keys()].map((i) => i + 1).filter((id) => !blocked(id) && !notFound(id));
    const started = Date.now();
    let first = spawn(dbUrl, api.url, b!.id);
    let killedAt: number | null = null;
    if (kill) {
      while (api.stats().delivered < expected.length / 2) await new Promise((r) => setTimeout(r, 200));
      first.kill("SIGKILL");
      killedAt = api.stats().delivered;
      await new Promise((r) => first.once("exit", r));
      first = spawn(dbUrl, api.url, b!.id);
    }
    await new Promise((r) => first.once("exit", r));
    const seconds = (Date.now() - started) / 1000;
    const s = api.stats();
    const losses = expected.filter((id) => !s.deliveredPerChat.has(id)).length;
    const p = await services.outbox.progress(b!.id);
    const inDoubt = await db.prisma.delivery.count({ where: { broadcastId: b!.id, attempts: { gt: 1 }, status: "SENT" } });
    return {
      label, recipients, seconds, delivered: s.delivered, rate: s.achievedPerSecond ?? 0, maxInWindow: s.maxInWindow,
      r429: s.answered.rateLimited, r403: s.answered.blocked, r400: s.answered.notFound, duplicates: s.duplicates, losses,
      unreachable: p?.unreachable ?? 0, killedAt, reclaimed: inDoubt,
    };
  } finally {
    await api.close();
    await db.close();
    const c = new pg.Client({ connectionString: ADMIN });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
}

/** Paced sends straight to the fake API (one child process, as the sender is), each at its slot; a 429 waits retry_after. */
async function baselineChild(apiUrl: string, n: number, rate: number) {
  const interval = 1000 / rate;
  let start = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0, slot = 0; i < n; i++, slot++) {
    const wait = start + slot * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      fetch(`${apiUrl}/bot${TOKEN}/sendMessage`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ chat_id: 1_000_000 + i, text: "baseline" }) })
        .then((r) => r.json() as Promise<{ ok: boolean; parameters?: { retry_after?: number } }>)
        .then(async (r) => {
          if (!r.ok && r.parameters?.retry_after) {
            start += r.parameters.retry_after * 1000;
          }
        }),
    );
  }
  await Promise.all(pending);
  process.exit(0);
}

async function baseline(n: number) {
  const rate = Number(process.env.BROADCAST_RATE_PER_SECOND ?? 29);
  const api = await startFakeBotApi({ globalPerSecond: 30, perChatPerSecond: 1, maxRecorded: 0 });
  try {
    const started = Date.now();
    const c = fork(SELF, ["--baseline-child", api.url, String(n), String(rate)], { execArgv: ["--import", "tsx"], stdio: "inherit" });
    await new Promise((r) => c.once("exit", r));
    const s = api.stats();
    return {
      label: `baseline: bare paced loop, no database (${n.toLocaleString("en")} messages)`, recipients: n, seconds: (Date.now() - started) / 1000, delivered: s.delivered,
      rate: s.achievedPerSecond ?? 0, maxInWindow: s.maxInWindow, r429: s.answered.rateLimited, r403: "–", r400: "–", duplicates: "–", losses: "–",
      unreachable: "–", killedAt: null, reclaimed: "–",
    };
  } finally {
    await api.close();
  }
}

function spawn(dbUrl: string, apiUrl: string, id: number): ChildProcess {
  return fork(SELF, ["--child", dbUrl, apiUrl, String(id)], { execArgv: ["--import", "tsx"], stdio: "inherit" });
}

if (process.argv[2] === "--child") {
  await child(process.argv[3]!, process.argv[4]!, Number(process.argv[5]));
} else if (process.argv[2] === "--baseline-child") {
  await baselineChild(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]));
} else {
  const { values } = parseArgs({ options: { recipients: { type: "string", default: "20000" }, only: { type: "string" }, baseline: { type: "string", default: "3000" } } });
  const n = Number(values.recipients);
  const load = () => (os.loadavg() as number[]).map((x) => x.toFixed(1)).join(" / ");
  const rows = [];
  const loads = [`start ${load()}`];
  if (Number(values.baseline) > 0) rows.push(await baseline(Number(values.baseline)));
  if (values.only !== "kill") {
    rows.push(await run("one sender", n, false));
    loads.push(`after one sender ${load()}`);
  }
  if (values.only !== "plain") {
    rows.push(await run("SIGKILL half-way + restart", n, true));
    loads.push(`after the kill run ${load()}`);
  }
  console.log(`\nbroadcast to ${n.toLocaleString("en")} recipients, fake Bot API 30 msg/s (2 % blocked → 403, 0.5 % chat not found), PostgreSQL, rate ${process.env.BROADCAST_RATE_PER_SECOND ?? 29}/s\n`);
  console.log("| run | seconds | delivered | msg/s | max in 1 s window | 429s | 403s | 400 not found | duplicates | losses | marked unreachable | sent after a reclaim |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows)
    console.log(`| ${r.label}${r.killedAt !== null ? ` (killed at ${r.killedAt})` : ""} | ${r.seconds.toFixed(0)} | ${r.delivered} | ${r.rate.toFixed(1)} | ${r.maxInWindow} | ${r.r429} | ${r.r403} | ${r.r400} | ${r.duplicates} | ${r.losses} | ${r.unreachable} | ${r.reclaimed} |`);
  console.log(`\nload average (1 / 5 / 15 min, ${os.cpus().length} cores): ${loads.join("; ")}`);
}
