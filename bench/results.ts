// bench/results.ts — what staff wait for on election night in /results, through the services on
// PostgreSQL: start a round, save the figures (per polling point), confirm, and publish to the
// constituency's subscribers (one outbox delivery and one ReminderSent row each, in one transaction).
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/results.ts
//
// Data: the demo county; constituencies 01, 02, 03 get 1,000, 5,000 and 20,000 linked voters
// (a county of 500,000 with 200 constituencies has ≈ 2,500 a constituency; a large urban one
// 20,000). Prints one table; never part of npm test.
import pg from "pg";
import pino from "pino";
import { loadConfig } from "../src/config/config.js";
import { openDatabase } from "../src/db/database.js";
import { seedDemo } from "../src/db/seed/seed.js";
import { fixedClock } from "../src/services/clock.js";
import { createServices } from "../src/services/index.js";

const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const LEVELS: [code: string, subscribers: number][] = [["01", 1_000], ["02", 5_000], ["03", 20_000]];

function withDb(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

async function main() {
  const name = `voterlink_bench_rs_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const db = await openDatabase({ kind: "postgres", url: withDb(serverUrl, name), poolSize: 10 }, { migrate: true });
  try {
    await seedDemo(db.prisma);
    const clock = fixedClock("2026-12-15T12:00:00Z"); // election day, 20:00 local
    const config = loadConfig({ BOT_TOKEN: "123456:TEST-token-abcdefghijklmnopqrstuvwxyz0123", BOT_MODE: "polling", LOG_LEVEL: "silent" });
    const services = createServices(db.prisma, config, pino({ level: "silent" }), clock);
    let nextTelegramId = 900_000_000;
    const rows: string[] = [];
    for (const [code, subscribers] of LEVELS) {
      const c = await db.prisma.constituency.findFirstOrThrow({ where: { code }, include: { candidates: true, pollingPlaces: true } });
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "User" ("telegramId", "constituencyId") SELECT g, ${c.id} FROM generate_series(${nextTelegramId}, ${nextTelegramId + subscribers - 1}) g`,
      );
      nextTelegramId += subscribers;
      const [started, tStart] = await timed(() => services.results.startRound(c.id, null));
      if (!started.ok) throw new Error(started.problem);
      const names = started.sheet.ballot;
      const registered = subscribers * 2;
      const parts = (c.pollingPlaces.length > 0 ? c.pollingPlaces : [{ name: "投票站", kind: "STATION" as const, id: null }]).map((p, i) => ({
        label: p.name, placeKind: p.kind, pollingPlaceId: p.id, voted: Math.floor(registered / 2 / (i + 2)) + 10, proxyVotes: 0,
        returned: Math.floor(registered / 2 / (i + 2)) + 10, valid: Math.floor(registered / 2 / (i + 2)), invalid: 10,
        votes: Object.fromEntries(names.map((n, k) => [n, Math.floor(registered / 2 / (i + 2) / 2 ** (k + 1))])),
      }));
      const [saved, tSave] = await timed(() => services.results.saveEntry(started.sheet.id, { registered, parts }, null));
      if (!saved.ok) throw new Error(saved.problem);
      const [, tConfirm] = await timed(() => services.results.confirm(started.sheet.id, null));
      const [published, tPublish] = await timed(() => services.results.publish(started.sheet.id, null));
      if (!published.ok) throw new Error(published.problem);
      const [, tAgain] = await timed(() => services.results.publish(started.sheet.id, null));
      rows.push(
        `| ${code} | ${subscribers.toLocaleString("en-US")} | ${parts.length} | ${tStart.toFixed(0)} | ${tSave.toFixed(0)} | ${tConfirm.toFixed(0)} | ${tPublish.toFixed(0)} | ${published.queued.toLocaleString("en-US")} | ${tAgain.toFixed(0)} |`,
      );
    }
    console.log("| constituency | subscribers | parts | start ms | save ms | confirm ms | publish ms | queued | publish again ms |");
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of rows) console.log(r);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
