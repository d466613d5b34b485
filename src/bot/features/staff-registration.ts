// Staff: registration figures per constituency for the current election — the county's, or for
// township staff their township's constituencies (and totals of those).
import { Composer } from "grammy";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { backToMenu } from "../keyboards/menu.js";
import { requireRole } from "../middleware/roles.js";
import { staffScope } from "../staff-scope.js";
import { FeatureComposer } from "../feature-composer.js";

export const staffRegistrationFeature = new FeatureComposer<BotContext>();

async function report(ctx: BotContext): Promise<string> {
  const overview = await ctx.services.areas.overview();
  if (!overview?.election) return ctx.t("staff.no_election");
  const scope = await staffScope(ctx);
  const rows = await ctx.services.registration.perConstituency(overview.election.id, scope);
  const lines = [ctx.t("staff.registration_title", { election: overview.election.name }), ""];
  for (const r of rows)
    lines.push(
      ctx.t("staff.registration_row", {
        name: r.name,
        count: r.seats,
        listed: r.byStatus.LISTED,
        notListed: r.byStatus.NOT_LISTED,
        suspended: r.byStatus.SUSPENDED,
        awayFromHukou: r.awayFromHukou,
        awayForWork: r.awayForWork,
      }),
    );
  const listed = rows.reduce((s, r) => s + r.byStatus.LISTED, 0);
  lines.push("", ctx.t("staff.registration_total", { listed, constituencies: rows.length }));
  if (!scope.all) lines.push(ctx.t("staff.registration_scope"));
  return lines.join("\n");
}

staffRegistrationFeature.command("registration", requireRole("STAFF"), async (ctx) => ctx.reply(await report(ctx)));
onButton(staffRegistrationFeature, buttons.staffRegistration, requireRole("STAFF"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(await report(ctx), { reply_markup: backToMenu(ctx) });
});
