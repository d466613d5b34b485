import type { InlineKeyboard } from "grammy";
import type { BotContext } from "../context.js";
import { hasRole } from "../middleware/roles.js";
import { sgButtons } from "./suggestions.js";

/** Main-menu rows of the suggestion features, by role. */
export function suggestionMenuRows(ctx: BotContext, kb: InlineKeyboard): void {
  kb.text(ctx.t("sg.menu.write"), sgButtons.start.pack({})).text(ctx.t("sg.menu.mine"), sgButtons.mine.pack({ page: 0 })).row();
  kb.text(ctx.t("sg.menu.reports"), sgButtons.reports.pack({})).row();
  if (hasRole(ctx, "DELEGATE")) kb.text(ctx.t("sg.menu.inbox"), sgButtons.inbox.pack({ f: "open", c: 0, p: 0 })).text(ctx.t("sg.menu.activity"), sgButtons.activity.pack({ p: "month" })).row();
  if (hasRole(ctx, "STAFF")) kb.text(ctx.t("sg.menu.staff"), sgButtons.queue.pack({ f: "raised", p: 0 })).row();
}
