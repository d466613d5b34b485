// Requests a voter hands to staff, each a short journey of typed steps ending in one confirm
// button: /objection (申诉, 选举法 29), /mobilebox (流动票箱, 38), /proxy (委托投票, 42) and /ask (a
// question for staff). Each gets a tracking number and a deadline date; /cancel (or the cancel
// button) ends a journey with nothing sent; a second tap on "send" files nothing more.
import { Composer, InlineKeyboard } from "grammy";
import { addDays, type LocalDate } from "../../domain/dates.js";
import { normaliseName, parseIdFragment, parsePhone } from "../../domain/roll-input.js";
import { DEFAULT_MAX_PROXIES, objectionWindow } from "../../domain/voter-requests.js";
import type { FileResult, RequestView } from "../../services/voter-requests.js";
import { MAX_DETAILS } from "../../services/voter-requests.js";
import { buttons as platform, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { formatDate } from "../i18n.js";
import { backToMenu } from "../keyboards/menu.js";
import { cancelKeyboard, confirmKeyboard, voterButtons, whoKeyboard } from "../keyboards/voter.js";
import type { VoterStep } from "../voter-steps.js";
import { clearStep, currentStep, newToken, objectionAdvice, officesText, onStep, setStep, timeOfDay, today } from "../voter-ui.js";
import { nameProblemText } from "./roll-link.js";
import { FeatureComposer } from "../feature-composer.js";

export const voterRequestsFeature = new FeatureComposer<BotContext>();

const d = (ctx: BotContext, x: LocalDate) => formatDate(ctx.t, x);

/** Free text of a request: trimmed, with a letter or digit, not longer than we keep. */
function freeText(ctx: BotContext, text: string): { ok: true; text: string } | { ok: false; message: string } {
  const t = text.trim();
  if (!/[\p{L}\p{N}]/u.test(t)) return { ok: false, message: ctx.t("requests.words_please") };
  if ([...t].length > MAX_DETAILS) return { ok: false, message: ctx.t("requests.too_long", { max: MAX_DETAILS }) };
  return { ok: true, text: t };
}

async function notLinked(ctx: BotContext) {
  const kb = new InlineKeyboard().text(ctx.t("voter.menu.link"), voterButtons.link.pack({})).row().text(ctx.t("menu.back_to_menu"), platform.menu.pack({}));
  return ctx.reply(ctx.t("requests.link_first"), { reply_markup: kb });
}

// ───────────── /cancel ─────────────

async function cancel(ctx: BotContext): Promise<boolean> {
  const step = await currentStep(ctx);
  if (!step) return false;
  await clearStep(ctx);
  await ctx.reply(ctx.t("requests.cancelled"), { reply_markup: backToMenu(ctx) });
  return true;
}

voterRequestsFeature.command("cancel", async (ctx, next) => {
  if (!(await cancel(ctx))) return next();
});

onButton(voterRequestsFeature, voterButtons.cancel, async (ctx) => {
  await ctx.answerCallbackQuery();
  if (!(await cancel(ctx))) await ctx.reply(ctx.t("errors.nothing_to_cancel"), { reply_markup: backToMenu(ctx) });
});

// ───────────── objection (申诉) ─────────────

async function startObjection(ctx: BotContext) {
  const election = await ctx.services.roll.election();
  if (!election) return ctx.reply(`${ctx.t("voter.no_election")}\n\n${officesText(ctx, await ctx.services.roll.offices())}`);
  const w = objectionWindow(election, today(ctx));
  if (w.state !== "OPEN") {
    await clearStep(ctx);
    return ctx.reply(`${objectionAdvice(ctx, election)}\n\n${officesText(ctx, await ctx.services.roll.offices())}`, { reply_markup: backToMenu(ctx) });
  }
  const due = addDays(today(ctx), election.rules.committeeDecisionDays ?? 3);
  await ctx.reply(ctx.t("objection.intro", { last: d(ctx, w.lastDay), due: d(ctx, due) }), {
    reply_markup: whoKeyboard(ctx, voterButtons.objectionWho, ctx.t("objection.for_someone_else")),
  });
}

voterRequestsFeature.command("objection", (ctx) => startObjection(ctx));
onButton(voterRequestsFeature, voterButtons.objection, async (ctx) => {
  await ctx.answerCallbackQuery();
  await startObjection(ctx);
});

onButton(voterRequestsFeature, voterButtons.objectionWho, async (ctx, { self }) => {
  await ctx.answerCallbackQuery();
  const forSelf = self === 1;
  const registration = forSelf && ctx.user ? await ctx.services.roll.registration(ctx.user.id) : null;
  if (forSelf && registration) {
    await setStep(ctx, { flow: "objection", step: "details", forSelf, subjectName: registration.fullName });
    return ctx.reply(ctx.t("objection.ask_details_self", { name: registration.fullName }), { reply_markup: cancelKeyboard(ctx) });
  }
  await setStep(ctx, { flow: "objection", step: "name", forSelf });
  await ctx.reply(ctx.t(forSelf ? "objection.ask_own_name" : "objection.ask_name_someone"), { reply_markup: cancelKeyboard(ctx) });
});

onStep(voterRequestsFeature, "objection", async (ctx, step, text) => {
  switch (step.step) {
    case "name": {
      const name = normaliseName(text);
      if (!name.ok) return ctx.reply(nameProblemText(ctx, name.problem), { reply_markup: cancelKeyboard(ctx) });
      await setStep(ctx, { flow: "objection", step: "details", forSelf: step.forSelf, subjectName: name.name });
      return ctx.reply(ctx.t(step.forSelf ? "objection.ask_details_self" : "objection.ask_details_someone", { name: name.name }), { reply_markup: cancelKeyboard(ctx) });
    }
    case "details": {
      const t = freeText(ctx, text);
      if (!t.ok) return ctx.reply(t.message, { reply_markup: cancelKeyboard(ctx) });
      await setStep(ctx, { flow: "objection", step: "phone", forSelf: step.forSelf, subjectName: step.subjectName, details: t.text });
      return ctx.reply(ctx.t("requests.ask_phone"), { reply_markup: cancelKeyboard(ctx) });
    }
    case "phone": {
      const phone = parsePhone(text);
      if (!phone) return ctx.reply(ctx.t("requests.bad_phone"), { reply_markup: cancelKeyboard(ctx) });
      const token = newToken();
      await setStep(ctx, { ...step, step: "confirm", phone, token });
      const summary = ctx.t("objection.summary", {
        who: step.forSelf ? ctx.t("objection.self") : ctx.t("objection.other"),
        name: step.subjectName ?? "—",
        details: step.details,
        phone,
      });
      return ctx.reply(summary, { reply_markup: confirmKeyboard(ctx, token) });
    }
    case "confirm":
      return ctx.reply(ctx.t("requests.press_send"), { reply_markup: confirmKeyboard(ctx, step.token) });
  }
});

// ───────────── mobile ballot box (流动票箱) ─────────────

async function startMobileBox(ctx: BotContext) {
  const election = await ctx.services.roll.election();
  if (!election) return ctx.reply(`${ctx.t("voter.no_election")}\n\n${officesText(ctx, await ctx.services.roll.offices())}`);
  const eve = addDays(election.electionDay, -1);
  if (today(ctx) > eve) return ctx.reply(`${ctx.t("requests.too_late", { date: d(ctx, election.electionDay) })}\n\n${officesText(ctx, await ctx.services.roll.offices())}`, { reply_markup: backToMenu(ctx) });
  await ctx.reply(ctx.t("mobilebox.intro", { by: d(ctx, eve), election: d(ctx, election.electionDay) }), {
    reply_markup: whoKeyboard(ctx, voterButtons.mobileBoxWho, ctx.t("mobilebox.for_family")),
  });
}

voterRequestsFeature.command("mobilebox", (ctx) => startMobileBox(ctx));
onButton(voterRequestsFeature, voterButtons.mobileBox, async (ctx) => {
  await ctx.answerCallbackQuery();
  await startMobileBox(ctx);
});

onButton(voterRequestsFeature, voterButtons.mobileBoxWho, async (ctx, { self }) => {
  await ctx.answerCallbackQuery();
  if (self === 1) {
    if (!ctx.user?.rollEntryId) return notLinked(ctx);
    await setStep(ctx, { flow: "mobilebox", step: "address", memberEntryId: null, memberName: null });
    return ctx.reply(ctx.t("mobilebox.ask_address"), { reply_markup: cancelKeyboard(ctx) });
  }
  await setStep(ctx, { flow: "mobilebox", step: "memberName" });
  await ctx.reply(ctx.t("mobilebox.ask_member_name"), { reply_markup: cancelKeyboard(ctx) });
});

onStep(voterRequestsFeature, "mobilebox", async (ctx, step, text) => {
  switch (step.step) {
    case "memberName": {
      const name = normaliseName(text);
      if (!name.ok) return ctx.reply(nameProblemText(ctx, name.problem), { reply_markup: cancelKeyboard(ctx) });
      await setStep(ctx, { flow: "mobilebox", step: "memberLast4", memberName: name.name });
      return ctx.reply(ctx.t("mobilebox.ask_member_last4", { name: name.name }), { reply_markup: cancelKeyboard(ctx) });
    }
    case "memberLast4": {
      ctx.logText = "[ID fragment]";
      const fragment = parseIdFragment(text);
      if (!fragment.ok) return ctx.reply(ctx.t(`voter.fragment_problems.${fragment.problem}`), { reply_markup: cancelKeyboard(ctx) });
      const found = await findSomeone(ctx, step.memberName, fragment.last4, "mobilebox.member_not_found");
      if (!found) return;
      await setStep(ctx, { flow: "mobilebox", step: "address", memberEntryId: found.entryId, memberName: found.fullName });
      return ctx.reply(ctx.t("mobilebox.ask_address"), { reply_markup: cancelKeyboard(ctx) });
    }
    case "address": {
      const t = freeText(ctx, text);
      if (!t.ok) return ctx.reply(t.message, { reply_markup: cancelKeyboard(ctx) });
      await setStep(ctx, { ...step, step: "phone", address: t.text });
      return ctx.reply(ctx.t("requests.ask_phone"), { reply_markup: cancelKeyboard(ctx) });
    }
    case "phone": {
      const phone = parsePhone(text);
      if (!phone) return ctx.reply(ctx.t("requests.bad_phone"), { reply_markup: cancelKeyboard(ctx) });
      await setStep(ctx, { ...step, step: "reason", phone });
      return ctx.reply(ctx.t("mobilebox.ask_reason"), { reply_markup: cancelKeyboard(ctx) });
    }
    case "reason": {
      const t = freeText(ctx, text);
      if (!t.ok) return ctx.reply(t.message, { reply_markup: cancelKeyboard(ctx) });
      const token = newToken();
      await setStep(ctx, { ...step, step: "confirm", reason: t.text, token });
      const summary = ctx.t("mobilebox.summary", {
        who: step.memberName ?? ctx.t("mobilebox.self"),
        address: step.address,
        phone: step.phone,
        reason: t.text,
      });
      return ctx.reply(summary, { reply_markup: confirmKeyboard(ctx, token) });
    }
    case "confirm":
      return ctx.reply(ctx.t("requests.press_send"), { reply_markup: confirmKeyboard(ctx, step.token) });
  }
});

/**
 * Someone else's roll entry (family member, proxy holder) by name + 4 characters, under the
 * look-up limit; one answer (`notFoundKey`) for every miss. Ends the step when it fails for good.
 */
async function findSomeone(ctx: BotContext, name: string, last4: string, notFoundKey: string, constituencyId?: number) {
  if (!ctx.user) return null;
  const r = await ctx.services.roll.findVoter(ctx.user.id, name, last4, ctx.services.clock.now());
  if (r.kind === "FOUND" && (constituencyId === undefined || r.value.constituencyId === constituencyId)) return r.value;
  await clearStep(ctx);
  if (r.kind === "LIMITED") {
    await ctx.reply(ctx.t("voter.link.limited", { time: timeOfDay(ctx, r.retryAt) }), { reply_markup: backToMenu(ctx) });
    return null;
  }
  if (r.kind === "NO_ELECTION") {
    await ctx.reply(ctx.t("voter.no_election"), { reply_markup: backToMenu(ctx) });
    return null;
  }
  // Not found, several, or (proxy) of another constituency: the same answer.
  await ctx.reply(ctx.t(notFoundKey), { reply_markup: backToMenu(ctx) });
  return null;
}

// ───────────── proxy (委托投票) ─────────────

async function startProxy(ctx: BotContext) {
  const election = await ctx.services.roll.election();
  if (!election) return ctx.reply(`${ctx.t("voter.no_election")}\n\n${officesText(ctx, await ctx.services.roll.offices())}`);
  const max = election.rules.maxProxiesPerPerson ?? DEFAULT_MAX_PROXIES;
  const eve = addDays(election.electionDay, -1);
  const lines = [ctx.t("proxy.rules", { max, by: d(ctx, eve) })];
  const kb = new InlineKeyboard();
  if (today(ctx) > eve) lines.push("", ctx.t("requests.too_late", { date: d(ctx, election.electionDay) }), "", officesText(ctx, await ctx.services.roll.offices()));
  else if (!ctx.user?.rollEntryId) {
    lines.push("", ctx.t("requests.link_first"));
    kb.text(ctx.t("voter.menu.link"), voterButtons.link.pack({})).row();
  } else {
    const active = (await ctx.services.requests.mine(ctx.user.id, ["PROXY"])).filter((r) => r.status === "OPEN" || r.status === "APPROVED");
    if (active.length > 0) lines.push("", ctx.t("proxy.already", { no: active[0]!.trackingNo, holder: active[0]!.holderName ?? "—", status: ctx.t(`requests.status.${active[0]!.status}`) }));
    else kb.text(ctx.t("proxy.name_holder"), voterButtons.proxyStart.pack({})).row();
  }
  kb.text(ctx.t("menu.back_to_menu"), platform.menu.pack({}));
  await ctx.reply(lines.join("\n"), { reply_markup: kb });
}

voterRequestsFeature.command("proxy", (ctx) => startProxy(ctx));
onButton(voterRequestsFeature, voterButtons.proxy, async (ctx) => {
  await ctx.answerCallbackQuery();
  await startProxy(ctx);
});
onButton(voterRequestsFeature, voterButtons.proxyStart, async (ctx) => {
  await ctx.answerCallbackQuery();
  if (!ctx.user?.rollEntryId) return notLinked(ctx);
  await setStep(ctx, { flow: "proxy", step: "holderName" });
  await ctx.reply(ctx.t("proxy.ask_holder_name"), { reply_markup: cancelKeyboard(ctx) });
});

onStep(voterRequestsFeature, "proxy", async (ctx, step, text) => {
  switch (step.step) {
    case "holderName": {
      const name = normaliseName(text);
      if (!name.ok) return ctx.reply(nameProblemText(ctx, name.problem), { reply_markup: cancelKeyboard(ctx) });
      await setStep(ctx, { flow: "proxy", step: "holderLast4", holderName: name.name });
      return ctx.reply(ctx.t("proxy.ask_holder_last4", { name: name.name }), { reply_markup: cancelKeyboard(ctx) });
    }
    case "holderLast4": {
      ctx.logText = "[ID fragment]";
      const fragment = parseIdFragment(text);
      if (!fragment.ok) return ctx.reply(ctx.t(`voter.fragment_problems.${fragment.problem}`), { reply_markup: cancelKeyboard(ctx) });
      if (!ctx.user?.constituencyId) {
        await clearStep(ctx);
        return notLinked(ctx);
      }
      const found = await findSomeone(ctx, step.holderName, fragment.last4, "proxy.holder_not_found", ctx.user.constituencyId);
      if (!found) return;
      await setStep(ctx, { flow: "proxy", step: "reason", holderEntryId: found.entryId, holderName: found.fullName });
      return ctx.reply(ctx.t("proxy.ask_reason", { holder: found.fullName }), { reply_markup: cancelKeyboard(ctx) });
    }
    case "reason": {
      const t = freeText(ctx, text);
      if (!t.ok) return ctx.reply(t.message, { reply_markup: cancelKeyboard(ctx) });
      const token = newToken();
      await setStep(ctx, { ...step, step: "confirm", reason: t.text, token });
      return ctx.reply(ctx.t("proxy.summary", { holder: step.holderName, reason: t.text }), { reply_markup: confirmKeyboard(ctx, token) });
    }
    case "confirm":
      return ctx.reply(ctx.t("requests.press_send"), { reply_markup: confirmKeyboard(ctx, step.token) });
  }
});

// ───────────── questions for staff (/ask) ─────────────

async function fileQuestion(ctx: BotContext, text: string, key: string) {
  if (!ctx.user) return;
  const t = freeText(ctx, text);
  if (!t.ok) {
    await setStep(ctx, { flow: "ask", step: "text" });
    return ctx.reply(t.message, { reply_markup: cancelKeyboard(ctx) });
  }
  await clearStep(ctx);
  return reportFiled(ctx, await ctx.services.requests.askQuestion(ctx.user.id, ctx.locale, { text: t.text, idempotencyKey: key }));
}

voterRequestsFeature.command("ask", async (ctx) => {
  const text = ctx.match.trim();
  if (!text) {
    await setStep(ctx, { flow: "ask", step: "text" });
    return ctx.reply(ctx.t("ask.prompt"), { reply_markup: cancelKeyboard(ctx) });
  }
  // The message id makes a redelivered update (webhook retry) file nothing twice.
  return fileQuestion(ctx, text, `msg:${ctx.msg.message_id}`);
});
onButton(voterRequestsFeature, voterButtons.ask, async (ctx) => {
  await ctx.answerCallbackQuery();
  await setStep(ctx, { flow: "ask", step: "text" });
  await ctx.reply(ctx.t("ask.prompt"), { reply_markup: cancelKeyboard(ctx) });
});
onStep(voterRequestsFeature, "ask", (ctx, _step, text) => fileQuestion(ctx, text, `msg:${ctx.msg.message_id}`));

// ───────────── send (one confirm button for every request) ─────────────

onButton(voterRequestsFeature, voterButtons.send, async (ctx, { token }) => {
  if (!ctx.user) return ctx.answerCallbackQuery();
  const step = await currentStep(ctx);
  if (!step || step.step !== "confirm" || step.token !== token) {
    // Pressed again after sending (or an old button): say what it filed, if anything.
    const earlier = await ctx.services.requests.filedWithToken(ctx.user.id, token);
    if (!earlier) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
    await ctx.answerCallbackQuery({ text: ctx.t("requests.already_sent", { no: earlier.trackingNo }) });
    return;
  }
  await ctx.answerCallbackQuery();
  const result = await file(ctx, step);
  await clearStep(ctx);
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await reportFiled(ctx, result);
});

function file(ctx: BotContext, step: Extract<VoterStep, { step: "confirm" }>): Promise<FileResult> {
  const user = ctx.user!;
  const requests = ctx.services.requests;
  switch (step.flow) {
    case "objection":
      return requests.fileObjection(user.id, ctx.locale, {
        forSelf: step.forSelf,
        subjectName: step.subjectName,
        details: step.details,
        contactName: ctx.from?.first_name ?? null,
        phone: step.phone,
        idempotencyKey: step.token,
      });
    case "mobilebox":
      return requests.fileMobileBox(user.id, ctx.locale, {
        subjectEntryId: step.memberEntryId,
        address: step.address,
        phone: step.phone,
        details: step.reason,
        idempotencyKey: step.token,
      });
    case "proxy":
      return requests.fileProxy(user.id, ctx.locale, { holderEntryId: step.holderEntryId, details: step.reason, idempotencyKey: step.token });
  }
}

async function reportFiled(ctx: BotContext, result: FileResult) {
  if (result.kind === "DUPLICATE") return ctx.reply(ctx.t("requests.already_sent", { no: result.request.trackingNo }), { reply_markup: backToMenu(ctx) });
  if (result.kind === "FILED") return ctx.reply(filedText(ctx, result.request), { reply_markup: backToMenu(ctx) });
  const election = await ctx.services.roll.election();
  let text: string;
  switch (result.reason) {
    case "WINDOW_NOT_OPEN":
      text = election ? objectionAdvice(ctx, election) : ctx.t("voter.no_election");
      break;
    case "TOO_LATE":
      text = ctx.t("requests.too_late", { date: election ? d(ctx, election.electionDay) : "—" });
      break;
    case "HOLDER_FULL":
      text = ctx.t("proxy.refused.HOLDER_FULL", { max: result.maxProxies ?? DEFAULT_MAX_PROXIES });
      break;
    case "NO_ELECTION":
      text = ctx.t("voter.no_election");
      break;
    case "NOT_LINKED":
      text = ctx.t("requests.link_first");
      break;
    default:
      text = ctx.t(`proxy.refused.${result.reason}`);
  }
  return ctx.reply(`${text}\n\n${officesText(ctx, await ctx.services.roll.offices())}`, { reply_markup: backToMenu(ctx) });
}

function filedText(ctx: BotContext, r: RequestView): string {
  return ctx.t(`requests.filed.${r.kind}`, { no: r.trackingNo, due: d(ctx, r.dueOn) });
}
