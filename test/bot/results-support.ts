// Helpers shared by the /results bot tests (results-scope, results-reopen, results-correct).
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { fixedClock } from "../../src/services/clock.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

type Person = ReturnType<BotHarness["person"]>;

/** locales/<lng>/common.json: the shared texts (errors.outside_scope, errors.stale_button) a test compares with. */
export const common = (lng: string): { errors: Record<string, string> } =>
  JSON.parse(readFileSync(new URL(`../../locales/${lng}/common.json`, import.meta.url), "utf8"));

/** The seeded demo county at 19:00 on election day (entry open): constituency ids and ballot names by code. */
export async function electionNight(clock: ReturnType<typeof fixedClock>): Promise<{ h: BotHarness; ids: Record<string, number>; names: Record<string, string[]> }> {
  const h = await createBotHarness({ seed: true, clock, env: { RATE_LIMIT_MESSAGES_PER_MINUTE: "1000", RATE_LIMIT_BUTTONS_PER_MINUTE: "1000" } });
  const ids: Record<string, number> = {};
  const names: Record<string, string[]> = {};
  for (const c of await h.db.prisma.constituency.findMany({ include: { candidates: { orderBy: { id: "asc" } } } })) {
    ids[c.code] = c.id;
    names[c.code] = c.candidates.map((k) => k.fullName);
  }
  clock.set("2026-12-15T11:00:00Z");
  return { h, ids, names };
}

/** A first round of a constituency entered through the service (whole constituency, 500 registered), confirmed or left a draft. */
export async function sheetOf(
  h: BotHarness,
  constituencyId: number,
  figures: [voted: number, returned: number, valid: number, invalid: number],
  votes: number[],
  state: "confirmed" | "draft",
): Promise<number> {
  const r = await h.services.results.startRound(constituencyId, null);
  if (!r.ok) throw new Error(r.problem);
  const [voted, returned, valid, invalid] = figures;
  const v = Object.fromEntries(r.sheet.ballot.map((n, i) => [n, votes[i] ?? 0]));
  const saved = await h.services.results.saveEntry(r.sheet.id, { registered: 500, totals: { voted, proxyVotes: 0, returned, valid, invalid, votes: v } }, null);
  if (!saved.ok) throw new Error(saved.problem);
  if (state === "confirmed") expect((await h.services.results.confirm(r.sheet.id, null)).ok).toBe(true);
  return r.sheet.id;
}

/** /results, then the constituency: its rounds and buttons. */
export async function view(p: Person, name: string): Promise<void> {
  await p.send("/results");
  await p.tap(name);
}

/** The names marked elected on a sheet. */
export async function elected(h: BotHarness, sheetId: number): Promise<string[]> {
  return (await h.db.prisma.resultVote.findMany({ where: { sheetId, elected: true }, orderBy: { id: "asc" } })).map((v) => v.name);
}

/** The newest callback answer: its text and whether it was an alert. */
export function lastAnswer(h: BotHarness): { text: unknown; alert: unknown } {
  const c = h.api.calls.filter((x) => x.method === "answerCallbackQuery").at(-1)!;
  return { text: c.payload.text, alert: c.payload.show_alert };
}

/** Result sheets (with votes and parts), broadcasts and result audits: what a refusal must not change. */
export async function resultsSnapshot(h: BotHarness) {
  const [sheets, broadcasts, audits] = await Promise.all([
    h.db.prisma.resultSheet.findMany({ orderBy: { id: "asc" }, include: { votes: { orderBy: { id: "asc" } }, parts: true } }),
    h.db.prisma.broadcast.count(),
    h.db.prisma.auditLog.count({ where: { action: { startsWith: "results." } } }),
  ]);
  return { sheets, broadcasts, audits };
}

/** The callback data of the button whose label contains `label`, on the newest message to `chatId` that has one (to replay or forge it). */
export function buttonData(h: BotHarness, chatId: number, label: string): { data: string; messageId: number } {
  for (const m of h.api.messagesTo(chatId).slice().reverse()) {
    const rows = (m.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined)?.inline_keyboard ?? [];
    const b = rows.flat().find((k) => k.text.includes(label) && k.callback_data);
    if (b) return { data: b.callback_data!, messageId: m.message_id };
  }
  throw new Error(`no button "${label}" shown to ${chatId}`);
}
