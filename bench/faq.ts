// FAQ answers as voters get them: every labelled question of test/fixtures (and the hold-out set,
// never used for tuning) sent through the whole bot (middleware, conversation log, FAQ service,
// feedback row) on an in-memory PGlite with the demo county, one at a time. Prints per set:
//   top-1 — the first thing shown is the right answer (the answer itself, or the first suggestion),
//   top-3 — the right answer is shown or among the (at most three) suggestions,
//   single — how often one answer was shown outright (high confidence), and how often it was right,
//   p50/p99 — time to handle the update, ms (measured, never asserted).
//
//   npx tsx bench/faq.ts
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import pino from "pino";
import { createApp } from "../src/app.js";
import { LocalBotApi, inlineButtons } from "../src/bot/local/api.js";
import { UpdateBuilder } from "../src/bot/local/updates.js";
import { loadConfig } from "../src/config/config.js";
import { openDatabase } from "../src/db/database.js";
import { seedDemo } from "../src/db/seed/seed.js";

type Locale = "zh-CN" | "en" | "zh-TW";
interface Question {
  q: string;
  key: string;
  locale: Locale;
}

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../test/fixtures/faq-questions.${name}.json`, import.meta.url), "utf8")) as Question[];
const LANG: Record<Locale, string> = { "zh-CN": "zh-hans", en: "en", "zh-TW": "zh-hant" };

const db = await openDatabase({ kind: "pglite", dir: "memory://" });
await seedDemo(db.prisma);
const api = new LocalBotApi();
const config = loadConfig({ BOT_TOKEN: "123456:BENCH-faq-abcdefghijklmnopqrstuvwxyz0123", BOT_MODE: "polling", LOG_LEVEL: "silent", RATE_LIMIT_MESSAGES_PER_MINUTE: "10000" });
const app = await createApp(config, { database: db, telegram: { fetch: api.fetch, botInfo: api.botInfo }, logger: pino({ level: "silent" }), seedDemo: false });
const updates = new UpdateBuilder(api);

const keyOf = new Map<string, string>();
for (const l of ["zh-CN", "en", "zh-TW"] as const) for (const e of await app.services.faq.entries(l)) keyOf.set(e.question, e.key);

let nextId = 90_000_000;
async function run(name: string, questions: Question[]) {
  let top1 = 0;
  let top3 = 0;
  let single = 0;
  let singleRight = 0;
  const times: number[] = [];
  const people = new Map<Locale, number>();
  for (const { q, key, locale } of questions) {
    const id = people.get(locale) ?? nextId++;
    people.set(locale, id);
    const who = { id, first_name: "bench", language_code: LANG[locale] };
    const t0 = performance.now();
    await app.bot.handleUpdate(updates.message(who, q));
    times.push(performance.now() - t0);
    const last = api.messagesTo(id).at(-1)!;
    let shown: string[];
    if (last.text.startsWith("❓ ")) {
      single++;
      shown = [keyOf.get(last.text.slice(2).split("\n")[0]!) ?? "?"];
      if (shown[0] === key) singleRight++;
    } else shown = inlineButtons(last).map((b) => keyOf.get(b.text) ?? "").filter(Boolean);
    if (shown[0] === key) top1++;
    if (shown.includes(key)) top3++;
  }
  times.sort((a, b) => a - b);
  const p = (x: number) => times[Math.min(times.length - 1, Math.ceil((x / 100) * times.length) - 1)]!.toFixed(1);
  const pct = (a: number, n: number) => `${((100 * a) / n).toFixed(1)} %`;
  const n = questions.length;
  console.log(`| ${name.padEnd(16)} | ${String(n).padStart(3)} | ${pct(top1, n).padStart(7)} | ${pct(top3, n).padStart(7)} | ${String(single).padStart(3)} (${singleRight} right) | ${p(50).padStart(5)} | ${p(99).padStart(5)} |`);
  return times;
}

// Warm-up (not counted): the index build, jieba's dictionary, the JIT.
for (const q of fixture("zh-CN").slice(0, 20)) await app.bot.handleUpdate(updates.message({ id: 89_999_999, first_name: "warm", language_code: "zh-hans" }, q.q));

console.log("| set              |   n |   top-1 |   top-3 | single answers | p50 ms | p99 ms |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
const all: number[] = [];
for (const l of ["zh-CN", "en", "zh-TW"] as const) all.push(...(await run(l, fixture(l).map((x) => ({ ...x, locale: l })))));
const holdout = fixture("holdout");
for (const l of ["zh-CN", "en", "zh-TW"] as const) {
  const set = holdout.filter((x) => x.locale === l);
  if (set.length) all.push(...(await run(`hold-out ${l}`, set)));
}
all.sort((a, b) => a - b);
console.log(`\nall ${all.length} questions through the bot: p50 ${all[Math.ceil(0.5 * all.length) - 1]!.toFixed(1)} ms, p99 ${all[Math.ceil(0.99 * all.length) - 1]!.toFixed(1)} ms (PGlite in memory, one update at a time)`);
await app.close();
