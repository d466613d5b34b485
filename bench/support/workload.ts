// The bench workload and how it is driven, shared by bench/updates.ts (the table) and bench/ab.ts
// (two checkouts compared in one process).
import { performance } from "node:perf_hooks";
import type { Update } from "grammy/types";
import type { Person, UpdateBuilder } from "../../src/bot/local/updates.js";
import { mulberry32 } from "../../src/db/seed/demo-data.js";

// Questions in voters' own words; each matches an FAQ entry (checked: every reply must be an answer).
export const QUESTIONS = [
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
export const START_SHARE = 0.2; // the rest are free-text FAQ questions
export const EN_SHARE = 0.1; // people whose Telegram is in English (FAQ falls back to Chinese + a note)

export type Kind = "start" | "faq";

/** `count` updates from `users` new people (ids from `firstId`), reproducible from `seed`. */
export function workload(builder: Pick<UpdateBuilder, "message">, firstId: number, users: number, count: number, seed: number) {
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
  // people talk at once (their chat's queue rarely has to hold one back).
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
 * `fetchBatch` (one getUpdates answer each, an event-loop turn apart), and at most `concurrency`
 * are in flight; a finished update's slot goes to the next fetched one at once. Latency is
 * measured per update around bot.handleUpdate.
 */
export async function drive(handle: (u: Update) => Promise<void>, updates: Update[], concurrency: number, fetchBatch = 100) {
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
          fetched = Math.min(updates.length, fetched + fetchBatch);
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
