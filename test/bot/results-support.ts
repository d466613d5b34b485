// Helpers shared by the /results bot tests (results-scope, results-reopen, results-correct).
import type { BotHarness } from "../support/bot.js";

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
