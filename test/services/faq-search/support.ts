// Shared by the faq-search tests: the demo FAQ in three locales as matcher entries, and the
// evaluation over the labelled questions (also runnable alone: npx tsx test/services/faq-search/support.ts).
import { readFileSync } from "node:fs";
import { FAQ_EN } from "../../../src/db/seed/faq-en.js";
import { withKeys, ZH_CN_KEYWORD_ADDITIONS } from "../../../src/db/seed/faq-keys.js";
import { FAQ_SYNONYMS } from "../../../src/db/seed/faq-synonyms.js";
import { FAQ_ZH_CN } from "../../../src/db/seed/faq-zh-CN.js";
import { FAQ_ZH_TW } from "../../../src/db/seed/faq-zh-TW.js";
import { FaqMatcher, type FaqLocale, type FaqSearchEntry, type FaqMatcherTuning } from "../../../src/services/faq-search/matcher.js";

export function demoEntries(additions = ZH_CN_KEYWORD_ADDITIONS): FaqSearchEntry[] {
  let id = 1;
  const zhCn = withKeys(FAQ_ZH_CN, additions).map((e) => ({ ...e, id: id++, locale: "zh-CN" as const }));
  const en = FAQ_EN.map((e) => ({ ...e, id: id++, locale: "en" as const }));
  const zhTw = FAQ_ZH_TW.map((e) => ({ ...e, id: id++, locale: "zh-TW" as const }));
  return [...zhCn, ...en, ...zhTw];
}

export interface Labelled {
  q: string;
  key: string;
}

export function labelled(locale: FaqLocale): Labelled[] {
  const url = new URL(`../../fixtures/faq-questions.${locale}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as Labelled[];
}

export interface EvalRow {
  locale: FaqLocale;
  n: number;
  top1: number;
  top3: number;
  none: number;
  high: number;
  highWrong: number;
  misses: { q: string; key: string; got: string[]; scores: number[] }[];
  times: number[];
}

export function evaluate(matcher: FaqMatcher, locales: readonly FaqLocale[] = ["zh-CN", "en", "zh-TW"]): EvalRow[] {
  return locales.map((locale) => {
    const row: EvalRow = { locale, n: 0, top1: 0, top3: 0, none: 0, high: 0, highWrong: 0, misses: [], times: [] };
    for (const { q, key } of labelled(locale)) {
      const t0 = performance.now();
      const hits = matcher.search(locale, q, 3);
      row.times.push(performance.now() - t0);
      row.n++;
      const keys = hits.map((h) => h.key);
      if (keys[0] === key) row.top1++;
      if (keys.includes(key)) row.top3++;
      if (hits.length === 0) row.none++;
      if (hits[0]?.confidence === "high") {
        row.high++;
        if (keys[0] !== key) row.highWrong++;
      }
      if (keys[0] !== key) row.misses.push({ q, key, got: keys, scores: hits.map((h) => h.score) });
    }
    return row;
  });
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
}

export function table(rows: EvalRow[]): string {
  const pct = (a: number, n: number) => `${((100 * a) / n).toFixed(1)}%`;
  const lines = ["locale  |   n | top-1  | top-3  | none | high (wrong) | p99 ms"];
  for (const r of rows) {
    lines.push(
      `${r.locale.padEnd(7)} | ${String(r.n).padStart(3)} | ${pct(r.top1, r.n).padStart(6)} | ${pct(r.top3, r.n).padStart(6)} | ${String(r.none).padStart(4)} | ${String(r.high).padStart(4)} (${r.highWrong}) | ${percentile(r.times, 99).toFixed(2)}`,
    );
  }
  return lines.join("\n");
}

export function demoMatcher(tuning: Partial<FaqMatcherTuning> = {}): FaqMatcher {
  return new FaqMatcher(demoEntries(), FAQ_SYNONYMS, tuning);
}

if (process.argv[1]?.endsWith("support.ts")) {
  const t0 = performance.now();
  const m = demoMatcher(process.env.TUNING ? (JSON.parse(process.env.TUNING) as Partial<FaqMatcherTuning>) : {});
  console.log(`index built in ${(performance.now() - t0).toFixed(0)} ms`);
  const rows = evaluate(m);
  console.log(table(rows));
  if (process.env.MISSES) for (const r of rows) for (const x of r.misses) console.log(r.locale, x.key, "←", x.q, "got", x.got.join(","), x.scores.join(","));
}

if (process.argv[1]?.endsWith("support.ts") && process.env.EXPLAIN) {
  const m = demoMatcher();
  for (const q of process.env.EXPLAIN.split("|")) {
    console.log(q, [...m.query(q)].map(([t, w]) => `${t}${w < 1 ? "*" + w : ""}`).join(" "));
    console.log("  ", m.search("zh-CN", q, 5).map((h) => `${h.key}:${h.score}`).join("  "));
  }
}

export function holdout(): (Labelled & { locale: FaqLocale })[] {
  const url = new URL("../../fixtures/faq-questions.holdout.json", import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as (Labelled & { locale: FaqLocale })[];
}

if (process.argv[1]?.endsWith("support.ts") && process.env.HOLDOUT) {
  const m = demoMatcher();
  let top1 = 0, top3 = 0;
  const rows = holdout();
  for (const { locale, q, key } of rows) {
    const keys = m.search(locale, q).map((h) => h.key);
    if (keys[0] === key) top1++;
    if (keys.includes(key)) top3++;
    else console.log("miss", locale, key, "←", q, "got", keys.join(","));
    if (keys[0] !== key && keys.includes(key)) console.log("top3", locale, key, "←", q, "got", keys.join(","));
  }
  console.log(`holdout n=${rows.length} top-1 ${((100 * top1) / rows.length).toFixed(1)}% top-3 ${((100 * top3) / rows.length).toFixed(1)}%`);
}
