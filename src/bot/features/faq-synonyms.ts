// Staff: the FAQ's synonym list (代投 = 委托投票 = 委托 …), which the matcher uses to read a voter's
// words. /synonyms lists the groups; "/synonyms add 代投 委托投票" adds one; "/synonyms del 7"
// removes group #7. The matcher picks a change up at once on this instance, within a minute on others.
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { requireRole } from "../middleware/roles.js";
import { FeatureComposer } from "../feature-composer.js";

export const faqSynonymsFeature = new FeatureComposer<BotContext>();

// Words are separated by spaces, commas or 、 (as people type lists in Chinese).
const SEPARATORS = /[\s,，、;；=]+/u;
// A list of synonyms longer than this is a paste gone wrong, not a group.
const MAX_WORDS = 12;

faqSynonymsFeature.command("synonyms", requireRole("STAFF"), async (ctx) => {
  const [verb = "", ...rest] = ctx.match.trim().split(/\s+/u);
  const args = rest.join(" ");
  if (verb === "") {
    const groups = await ctx.services.faq.synonyms();
    const lines = groups.map((g) => `#${g.id}  ${g.words.join(" = ")}`);
    return ctx.reply([ctx.t("synonyms.title", { count: groups.length }), "", ...lines, "", ctx.t("synonyms.usage")].join("\n"));
  }
  if (verb === "add") {
    const words = args.split(SEPARATORS).filter(Boolean);
    if (new Set(words).size < 2 || words.length > MAX_WORDS) return ctx.reply(ctx.t("synonyms.bad_group", { max: MAX_WORDS }));
    const group = await ctx.services.faq.saveSynonyms(words);
    if (!group) return ctx.reply(ctx.t("synonyms.bad_group", { max: MAX_WORDS }));
    await ctx.services.audit.record({ actorId: ctx.user!.id, action: "faq.synonyms.add", subject: `faq-synonym:${group.id}`, after: { words: group.words } });
    return ctx.reply(ctx.t("synonyms.added", { id: group.id, words: group.words.join(" = ") }));
  }
  if (verb === "del" && /^\d{1,9}$/.test(args)) {
    const id = Number(args);
    const before = (await ctx.services.faq.synonyms()).find((g) => g.id === id);
    if (!before) return ctx.reply(ctx.t("synonyms.no_such_group", { id }));
    await ctx.services.faq.saveSynonyms([], id);
    await ctx.services.audit.record({ actorId: ctx.user!.id, action: "faq.synonyms.delete", subject: `faq-synonym:${id}`, before: { words: before.words } });
    return ctx.reply(ctx.t("synonyms.deleted", { id }));
  }
  return ctx.reply(ctx.t("synonyms.usage"));
});
