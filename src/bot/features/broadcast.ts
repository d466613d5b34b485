// /broadcast (staff, private chat): compose a message (text, or a photo/document with its caption),
// pick the audience, see how many people it reaches, how long it takes (and what it costs with
// paid broadcasts), get a preview sent to yourself, then confirm. The outbox sends it; the progress
// message is edited in place with pause / resume / cancel. A double confirm queues it once.
// Township staff address only their township, its constituencies and their voter groups, and
// control only broadcasts to those (OutboxService.audienceInScope); county staff everything.
import { Composer, InlineKeyboard } from "grammy";
import type { AreaScope } from "../../services/accounts.js";
import type { Audience } from "../../services/outbox.js";
import { onButton } from "../callback-data.js";
import type { BotContext, StaffStep } from "../context.js";
import { broadcastControls, cancelOnly, staffButtons } from "../keyboards/staff-ops.js";
import { hasRole, requireRole } from "../middleware/roles.js";
import { duration, progressText } from "../outbox-transport.js";
import { refuseOutsideScope, staffScope } from "../staff-scope.js";
import { clearStep, currentStep, expired, inStep, newToken, setStep } from "./staff-steps.js";
import { FeatureComposer } from "../feature-composer.js";

export const broadcastFeature = new FeatureComposer<BotContext>();

const MAX_TEXT = 4096; // Telegram's message limit
const MAX_CAPTION = 1024; // and a caption's

const startBroadcast = async (ctx: BotContext) => {
  await setStep(ctx, { step: "broadcast-text" });
  await ctx.reply(ctx.t("broadcast.compose"), { reply_markup: cancelOnly(ctx, "broadcast") });
};
broadcastFeature.command("broadcast", requireRole("STAFF"), startBroadcast);
onButton(broadcastFeature, staffButtons.menuBroadcast, requireRole("STAFF"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await startBroadcast(ctx);
});

onButton(broadcastFeature, staffButtons.broadcastDiscard, async (ctx) => {
  await clearStep(ctx);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t("staffops.cancelled"));
});

// The message to send: text, or a photo/document with a caption.
broadcastFeature.on(["message:text", "message:photo", "message:document"]).filter(
  (ctx) => !(ctx.msg.text ?? "").startsWith("/") && hasRole(ctx, "STAFF") && inStep(ctx, "broadcast-text"),
  async (ctx) => {
    const step = (await currentStep(ctx, "broadcast-text"))!;
    if (expired(ctx, step)) {
      await clearStep(ctx);
      return ctx.reply(ctx.t("staffops.expired", { command: "/broadcast" }));
    }
    const photo = ctx.msg.photo?.at(-1);
    const doc = ctx.msg.document;
    const media: StaffStep["media"] = photo ? { kind: "photo", fileId: photo.file_id } : doc ? { kind: "document", fileId: doc.file_id } : null;
    const text = (media ? (ctx.msg.caption ?? "") : (ctx.msg.text ?? "")).trim();
    if (text === "") return ctx.reply(ctx.t(media ? "broadcast.caption_needed" : "broadcast.empty"));
    const max = media ? MAX_CAPTION : MAX_TEXT;
    if ([...text].length > max) return ctx.reply(ctx.t("broadcast.too_long", { length: [...text].length, max }));
    await setStep(ctx, { step: "broadcast-audience", text, media });
    await ctx.reply(ctx.t("broadcast.choose_audience"), { reply_markup: await audienceKeyboard(ctx, await staffScope(ctx)) });
  },
);

async function audienceKeyboard(ctx: BotContext, scope: AreaScope): Promise<InlineKeyboard> {
  const { townships, constituencies } = await ctx.services.outbox.audienceChoices(scope);
  const b = staffButtons.broadcastAudience;
  const kb = new InlineKeyboard();
  if (scope.all) {
    kb.text(ctx.t("broadcast.audience.county"), b.pack({ kind: "county", id: 0 }))
      .text(ctx.t("broadcast.audience.delegates"), b.pack({ kind: "delegates", id: 0 }))
      .row()
      .text(ctx.t("broadcast.audience.subscribers"), b.pack({ kind: "topic", id: 0 }))
      .row();
  }
  townships.forEach((t, i) => {
    kb.text(`🏘 ${t.name}`, b.pack({ kind: "township", id: t.id }));
    if (i % 2 === 1) kb.row();
  });
  kb.row();
  constituencies.forEach((c, i) => {
    kb.text(`🗳 ${c.name}`, b.pack({ kind: "constituency", id: c.id }));
    if (i % 2 === 1) kb.row();
  });
  return kb.row().text(ctx.t("staffops.cancel"), staffButtons.broadcastDiscard.pack({}));
}

function toAudience(kind: string, id: number): Audience | null {
  switch (kind) {
    case "county":
      return { kind: "county" };
    case "delegates":
      return { kind: "delegates" };
    case "topic":
      return { kind: "topic", topic: "election_day" };
    case "township":
      return { kind: "township", areaId: id };
    case "constituency":
    case "c-all":
      return { kind: "constituency", constituencyId: id };
    case "group":
      return { kind: "voterGroup", voterGroupId: id };
    default:
      return null;
  }
}

onButton(broadcastFeature, staffButtons.broadcastAudience, requireRole("STAFF"), async (ctx, { kind, id }) => {
  const step = await currentStep(ctx, "broadcast-audience", "broadcast-confirm");
  if (!step) return ctx.answerCallbackQuery({ text: ctx.t("staffops.expired_short"), show_alert: true });
  if (expired(ctx, step)) {
    await clearStep(ctx);
    await ctx.answerCallbackQuery();
    return ctx.reply(ctx.t("staffops.expired", { command: "/broadcast" }));
  }
  const audience = toAudience(kind, id);
  if (!audience) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  // A forged or replayed button naming another township's people: nothing is counted or queued.
  const scope = await staffScope(ctx);
  if (!(await ctx.services.outbox.audienceInScope(audience, scope))) return refuseOutsideScope(ctx);
  const b = staffButtons.broadcastAudience;
  // A constituency: the whole of it, or one of its voter groups.
  if (kind === "constituency") {
    const groups = await ctx.services.outbox.voterGroups(id, scope);
    if (groups.length > 0) {
      await ctx.answerCallbackQuery();
      const kb = new InlineKeyboard().text(ctx.t("broadcast.audience.whole_constituency"), b.pack({ kind: "c-all", id })).row();
      groups.forEach((g, i) => {
        kb.text(g.name, b.pack({ kind: "group", id: g.id }));
        if (i % 2 === 1) kb.row();
      });
      return ctx.editMessageText(ctx.t("broadcast.choose_group"), { reply_markup: kb.row().text(ctx.t("staffops.cancel"), staffButtons.broadcastDiscard.pack({})) });
    }
  }
  await ctx.answerCallbackQuery();
  const estimate = await ctx.services.outbox.estimate(audience);
  const name = await ctx.services.outbox.audienceName(audience);
  const who = ctx.t(`broadcast.audience_name.${audience.kind}`, { name: name ?? "" });
  if (estimate.count === 0) {
    await setStep(ctx, { ...step, step: "broadcast-audience" });
    return ctx.editMessageText(ctx.t("broadcast.empty_audience", { who }), { reply_markup: await audienceKeyboard(ctx, scope) });
  }
  const token = newToken();
  await setStep(ctx, { step: "broadcast-confirm", text: step.text!, media: step.media ?? null, audience: audienceJson(audience), token });
  const lines = [
    ctx.t("broadcast.summary", { who, count: estimate.count }),
    ctx.t("broadcast.eta", { eta: duration(ctx.t, estimate.etaSeconds), rate: estimate.paid ? 1000 : ctx.config.BROADCAST_RATE_PER_SECOND }),
  ];
  if (estimate.paid && estimate.costStars !== null) lines.push(ctx.t("broadcast.cost", { stars: estimate.costStars }));
  await ctx.editMessageText(lines.join("\n"), {
    reply_markup: new InlineKeyboard()
      .text(ctx.t("broadcast.preview"), staffButtons.broadcastPreview.pack({}))
      .row()
      .text(ctx.t("broadcast.confirm", { count: estimate.count }), staffButtons.broadcastConfirm.pack({ token }))
      .row()
      .text(ctx.t("staffops.cancel"), staffButtons.broadcastDiscard.pack({})),
  });
});

function audienceJson(a: Audience): StaffStep["audience"] {
  return a as StaffStep["audience"];
}

onButton(broadcastFeature, staffButtons.broadcastPreview, requireRole("STAFF"), async (ctx) => {
  const step = await currentStep(ctx, "broadcast-confirm");
  if (!step) return ctx.answerCallbackQuery({ text: ctx.t("staffops.expired_short"), show_alert: true });
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t("broadcast.preview_header"));
  if (step.media?.kind === "photo") await ctx.replyWithPhoto(step.media.fileId, { caption: step.text! });
  else if (step.media?.kind === "document") await ctx.replyWithDocument(step.media.fileId, { caption: step.text! });
  else await ctx.reply(step.text!);
});

onButton(broadcastFeature, staffButtons.broadcastConfirm, requireRole("STAFF"), async (ctx, { token }) => {
  const actor = ctx.user!;
  const key = `bc:${actor.id}:${token}`;
  const step = await currentStep(ctx, "broadcast-confirm");
  if (!step || step.token !== token) {
    // A second press of the same button: the broadcast is already queued (or the step is gone).
    return ctx.answerCallbackQuery({ text: ctx.t("broadcast.already_confirmed"), show_alert: true });
  }
  if (expired(ctx, step)) {
    await clearStep(ctx);
    await ctx.answerCallbackQuery();
    return ctx.reply(ctx.t("staffops.expired", { command: "/broadcast" }));
  }
  // The scope is read again: it may have changed since the audience was picked.
  if (!(await ctx.services.outbox.audienceInScope(step.audience as Audience, await staffScope(ctx)))) {
    await clearStep(ctx);
    return refuseOutsideScope(ctx);
  }
  await clearStep(ctx);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  const progress = await ctx.reply(ctx.t("broadcast.queued"));
  const created = await ctx.services.outbox.createBroadcast({
    key,
    actorId: actor.id,
    content: { text: step.text!, media: step.media ?? null },
    audience: step.audience as Audience,
    progress: { chatId: ctx.chat!.id, messageId: progress.message_id, locale: ctx.locale },
    now: ctx.services.clock.now(),
  });
  if (!created) return ctx.api.editMessageText(ctx.chat!.id, progress.message_id, ctx.t("broadcast.empty_now"));
  const p = await ctx.services.outbox.progress(created.id);
  if (p) await ctx.api.editMessageText(ctx.chat!.id, progress.message_id, progressText(ctx.t, p), { reply_markup: broadcastControls(ctx.t, p.id, p.status) });
});

onButton(broadcastFeature, staffButtons.broadcastControl, requireRole("STAFF"), async (ctx, { id, action }) => {
  if (action !== "pause" && action !== "resume" && action !== "cancel") return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  if (!(await ctx.services.outbox.broadcastInScope(id, await staffScope(ctx)))) return refuseOutsideScope(ctx);
  const p = await ctx.services.outbox.control(id, action, ctx.user?.id ?? null, ctx.services.clock.now());
  if (!p) {
    const now = await ctx.services.outbox.progress(id);
    await ctx.answerCallbackQuery({ text: ctx.t("broadcast.cannot", { status: now ? ctx.t(`broadcast.status.${now.status}`) : "—" }), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery({ text: ctx.t(`broadcast.done_${action}`) });
  await ctx.editMessageText(progressText(ctx.t, p), { ...(broadcastControls(ctx.t, p.id, p.status) ? { reply_markup: broadcastControls(ctx.t, p.id, p.status) } : {}) });
  if (ctx.chat && ctx.callbackQuery.message) {
    await ctx.services.outbox.attachProgressMessage(id, ctx.chat.id, ctx.callbackQuery.message.message_id, ctx.locale);
  }
});
