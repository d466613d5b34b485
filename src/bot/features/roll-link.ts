// /link and /me: the voter finds their own roll entry (full name, then the last 4 characters of
// the ID number), links the account to it, and sees from the roll only what it says — listed in
// constituency X, voter group Y, or not — with this election's dates; unlink and re-link; special
// situations answered from the FAQ with the person's own dates.
//
// Privacy: one answer for "no such person" and "wrong characters"; the characters typed are never
// logged (ctx.logText) nor echoed; at most 5 failed look-ups per person per hour (RollService).
import { Composer, InlineKeyboard } from "grammy";
import { addDays, localDate, type LocalDate } from "../../domain/dates.js";
import { normaliseName, parseIdFragment, splitNameAndFragment, type NameProblem } from "../../domain/roll-input.js";
import { objectionWindow } from "../../domain/voter-requests.js";
import type { RegistrationView } from "../../services/roll.js";
import { buttons as platform, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { formatDate } from "../i18n.js";
import { cancelKeyboard, meKeyboard, situationsKeyboard, SITUATION_KEYS, voterButtons, type SituationKey } from "../keyboards/voter.js";
import { backToMenu } from "../keyboards/menu.js";
import {
  clearStep,
  objectionAdvice,
  officesText,
  onStep,
  requestLine,
  rollDatesText,
  setStep,
  tell,
  timeOfDay,
  today,
} from "../voter-ui.js";
import { FeatureComposer } from "../feature-composer.js";

export const rollLinkFeature = new FeatureComposer<BotContext>();

const ID_FRAGMENT_LOGGED_AS = "[ID fragment]";

export function nameProblemText(ctx: BotContext, problem: NameProblem): string {
  return ctx.t(`voter.name_problems.${problem}`);
}

/** The registration as the roll says it: constituency, group, leader, places. */
export function registrationText(ctx: BotContext, r: RegistrationView): string {
  const lines: string[] = [];
  const group = r.voterGroup
    ? r.voterGroup.leaderName
      ? ctx.t("voter.me.group_with_leader", { group: r.voterGroup.name, leader: r.voterGroup.leaderName })
      : ctx.t("voter.me.group", { group: r.voterGroup.name })
    : ctx.t("voter.me.no_group");
  lines.push(ctx.t(`voter.me.status.${r.status}`, { name: r.fullName, constituency: r.constituency.name, group, voterNo: r.voterNo }));
  if (r.status === "LISTED") {
    if (r.places.length === 0) lines.push(ctx.t("voter.me.no_places"));
    else {
      lines.push(ctx.t("voter.me.places"));
      for (const p of r.places)
        lines.push(ctx.t("voter.me.place", { kind: ctx.t(`places.${p.kind}`), name: p.name, address: p.address, opens: p.opensAt, closes: p.closesAt }));
    }
    if (r.awayFromHukou) lines.push(ctx.t("voter.me.away_from_hukou"));
    if (r.awayForWork) lines.push(ctx.t("voter.me.away_for_work"));
  } else {
    lines.push(ctx.t(`voter.me.what_to_do.${r.status}`));
  }
  return lines.join("\n");
}

async function startLink(ctx: BotContext) {
  if (!ctx.user) return;
  const limited = await ctx.services.roll.limitedUntil(ctx.user.id, ctx.services.clock.now());
  if (limited) return ctx.reply(`${ctx.t("voter.link.limited", { time: timeOfDay(ctx, limited) })}\n\n${officesText(ctx, await ctx.services.roll.offices())}`);
  await setStep(ctx, { flow: "link", step: "name" });
  const already = ctx.user.rollEntryId != null ? `${ctx.t("voter.link.relink_note")}\n\n` : "";
  await ctx.reply(already + ctx.t("voter.link.ask_name"), { reply_markup: cancelKeyboard(ctx) });
}

rollLinkFeature.command("link", async (ctx) => {
  const args = ctx.match.trim();
  if (!args) return startLink(ctx);
  // "/link 张示例 1234": both at once. The characters are never logged.
  ctx.logText = "/link [name and ID fragment]";
  const both = splitNameAndFragment(args);
  if (!both) return startLink(ctx);
  return tryLink(ctx, both.name, both.last4);
});

onButton(rollLinkFeature, voterButtons.link, async (ctx) => {
  await ctx.answerCallbackQuery();
  await startLink(ctx);
});

onStep(rollLinkFeature, "link", async (ctx, step, text) => {
  if (step.step === "name") {
    const both = splitNameAndFragment(text);
    if (both) {
      ctx.logText = "[name and ID fragment]";
      return tryLink(ctx, both.name, both.last4);
    }
    const name = normaliseName(text);
    if (!name.ok) return ctx.reply(nameProblemText(ctx, name.problem), { reply_markup: cancelKeyboard(ctx) });
    await setStep(ctx, { flow: "link", step: "last4", name: name.name });
    return ctx.reply(ctx.t("voter.link.ask_last4"), { reply_markup: cancelKeyboard(ctx) });
  }
  if (step.step === "last4") {
    ctx.logText = ID_FRAGMENT_LOGGED_AS;
    const fragment = parseIdFragment(text);
    if (!fragment.ok) return ctx.reply(ctx.t(`voter.fragment_problems.${fragment.problem}`), { reply_markup: cancelKeyboard(ctx) });
    return tryLink(ctx, step.name, fragment.last4);
  }
  // Several entries share the name and the characters: the voter number tells them apart.
  const voterNo = text.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
  if (!/^[0-9A-Z-]{1,20}$/.test(voterNo)) return ctx.reply(ctx.t("voter.link.voter_no_shape"), { reply_markup: cancelKeyboard(ctx) });
  return tryLink(ctx, step.name, step.last4, voterNo);
});

async function tryLink(ctx: BotContext, name: string, last4: string, voterNo?: string) {
  if (!ctx.user) return;
  const result = await ctx.services.roll.link(ctx.user.id, name, last4, ctx.services.clock.now(), voterNo);
  switch (result.kind) {
    case "FOUND": {
      await clearStep(ctx);
      ctx.user = (await ctx.services.users.reload(ctx.user.id)) ?? ctx.user;
      const { registration, displacedTelegramId } = result.value;
      if (displacedTelegramId !== null) await tell(ctx.api, displacedTelegramId, ctx.t("voter.link.displaced"), ctx.log);
      const kb = new InlineKeyboard().text(ctx.t("voter.menu.me"), voterButtons.me.pack({})).row().text(ctx.t("menu.back_to_menu"), platform.menu.pack({}));
      return ctx.reply(`${ctx.t("voter.link.linked")}\n\n${registrationText(ctx, registration)}`, { reply_markup: kb });
    }
    case "AMBIGUOUS":
      await setStep(ctx, { flow: "link", step: "voterNo", name, last4 });
      return ctx.reply(ctx.t("voter.link.ambiguous"), { reply_markup: cancelKeyboard(ctx) });
    case "NOT_FOUND": {
      await clearStep(ctx);
      const election = await ctx.services.roll.election();
      const lines = [ctx.t("voter.link.not_found", { count: result.triesLeft })];
      if (election) lines.push("", objectionAdvice(ctx, election));
      lines.push("", officesText(ctx, await ctx.services.roll.offices()));
      const kb = new InlineKeyboard();
      if (result.triesLeft > 0) kb.text(ctx.t("voter.buttons.try_again"), voterButtons.link.pack({})).row();
      if (election && objectionWindow(election, today(ctx)).state === "OPEN") kb.text(ctx.t("voter.buttons.objection"), voterButtons.objection.pack({})).row();
      kb.text(ctx.t("menu.back_to_menu"), platform.menu.pack({}));
      return ctx.reply(lines.join("\n"), { reply_markup: kb });
    }
    case "LIMITED":
      await clearStep(ctx);
      return ctx.reply(`${ctx.t("voter.link.limited", { time: timeOfDay(ctx, result.retryAt) })}\n\n${officesText(ctx, await ctx.services.roll.offices())}`);
    case "NO_ELECTION":
      await clearStep(ctx);
      return ctx.reply(`${ctx.t("voter.no_election")}\n\n${officesText(ctx, await ctx.services.roll.offices())}`);
  }
}

// ───────────── /me ─────────────

async function meText(ctx: BotContext): Promise<{ text: string; linked: boolean; objection: boolean; withdrawable: { id: number; no: string }[] }> {
  const user = ctx.user!;
  const [registration, election, mine] = await Promise.all([
    ctx.services.roll.registration(user.id),
    ctx.services.roll.election(),
    ctx.services.requests.mine(user.id),
  ]);
  if (!election) return { text: `${ctx.t("voter.no_election")}\n\n${officesText(ctx, await ctx.services.roll.offices())}`, linked: false, objection: false, withdrawable: [] };
  const lines: string[] = [];
  if (!registration) lines.push(ctx.t("voter.me.not_linked"));
  else lines.push(registrationText(ctx, registration));
  lines.push("", rollDatesText(ctx, election));
  const open = mine.filter((r) => r.kind !== "QUESTION" || r.status === "OPEN");
  if (open.length > 0) lines.push("", ctx.t("voter.me.requests"), ...open.map((r) => requestLine(ctx, r)));
  if (!registration || registration.status !== "LISTED" || registration.awayFromHukou) {
    lines.push("", objectionAdvice(ctx, election));
    lines.push("", officesText(ctx, await ctx.services.roll.offices(registration?.residenceAreaId)));
  }
  const state = objectionWindow(election, today(ctx)).state;
  return {
    text: lines.join("\n"),
    linked: !!registration,
    objection: state !== "NOT_PUBLISHED",
    withdrawable: mine.filter((r) => r.status === "OPEN").map((r) => ({ id: r.id, no: r.trackingNo })),
  };
}

async function showMe(ctx: BotContext, edit: boolean) {
  if (!ctx.user) return;
  const me = await meText(ctx);
  const kb = meKeyboard(ctx, me);
  for (const w of me.withdrawable) kb.row().text(ctx.t("voter.buttons.withdraw", { no: w.no }), voterButtons.withdraw.pack({ id: w.id }));
  return edit ? ctx.editMessageText(me.text, { reply_markup: kb }) : ctx.reply(me.text, { reply_markup: kb });
}

rollLinkFeature.command("me", (ctx) => showMe(ctx, false));
onButton(rollLinkFeature, voterButtons.me, async (ctx) => {
  await ctx.answerCallbackQuery();
  await showMe(ctx, false);
});

onButton(rollLinkFeature, voterButtons.withdraw, async (ctx, { id }) => {
  if (!ctx.user) return ctx.answerCallbackQuery();
  // Only the person's own open request: anything else is a stale button, never "not yours".
  const r = await ctx.services.requests.withdraw(ctx.user.id, id);
  if (!r) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery({ text: ctx.t("requests.withdrawn", { no: r.trackingNo }) });
  await ctx.reply(ctx.t("requests.withdrawn", { no: r.trackingNo }), { reply_markup: backToMenu(ctx) });
});

// ───────────── unlink ─────────────

onButton(rollLinkFeature, voterButtons.unlink, async (ctx) => {
  await ctx.answerCallbackQuery();
  if (!ctx.user?.rollEntryId) return ctx.reply(ctx.t("voter.me.not_linked"), { reply_markup: meKeyboard(ctx, { linked: false, objection: false }) });
  const kb = new InlineKeyboard()
    .text(ctx.t("voter.buttons.unlink_yes"), voterButtons.unlinkConfirm.pack({}))
    .row()
    .text(ctx.t("voter.buttons.back_to_me"), voterButtons.me.pack({}));
  await ctx.reply(ctx.t("voter.unlink.confirm"), { reply_markup: kb });
});

onButton(rollLinkFeature, voterButtons.unlinkConfirm, async (ctx) => {
  if (!ctx.user) return ctx.answerCallbackQuery();
  if (!ctx.user.rollEntryId) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.services.roll.unlink(ctx.user.id);
  ctx.user = (await ctx.services.users.reload(ctx.user.id)) ?? ctx.user;
  await ctx.services.audit.record(ctx.user.id, "roll.unlink", `user:${ctx.user.id}`);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t("voter.unlink.done"), { reply_markup: new InlineKeyboard().text(ctx.t("voter.menu.link"), voterButtons.link.pack({})).row().text(ctx.t("menu.back_to_menu"), platform.menu.pack({})) });
});

// ───────────── special situations ─────────────

onButton(rollLinkFeature, voterButtons.situations, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t("voter.situations.choose"), { reply_markup: situationsKeyboard(ctx) });
});

onButton(rollLinkFeature, voterButtons.situation, async (ctx, { key }) => {
  if (!(SITUATION_KEYS as readonly string[]).includes(key)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  await ctx.reply(await situationText(ctx, key as SituationKey), { reply_markup: situationsKeyboard(ctx) });
});

async function situationText(ctx: BotContext, key: SituationKey): Promise<string> {
  const [election, registration, entry] = await Promise.all([
    ctx.services.roll.election(),
    ctx.user ? ctx.services.roll.registration(ctx.user.id) : null,
    ctx.services.faq.byKey(ctx.locale, key),
  ]);
  const lines = [`📌 ${ctx.t(`voter.situations.${key}.label`)}`];
  if (election) {
    const d = (x: LocalDate) => formatDate(ctx.t, x);
    lines.push("", ctx.t("voter.situations.your_dates"));
    if (registration) lines.push(ctx.t("voter.situations.listed_in", { constituency: registration.constituency.name }));
    switch (key) {
      case "moved-home":
      case "hukou-elsewhere":
        lines.push(objectionAdvice(ctx, election));
        break;
      case "working-away": {
        const eve = addDays(election.electionDay, -1);
        lines.push(ctx.t("voter.situations.proxy_by", { date: d(eve), election: d(election.electionDay) }));
        break;
      }
      case "first-time-voter": {
        const [y, m, dd] = election.electionDay.split("-").map(Number) as [number, number, number];
        // Born on or before E minus 18 years (29 February → 28 February in a common year).
        const born = localDate(y - 18, m, m === 2 && dd === 29 ? 28 : dd);
        lines.push(ctx.t("voter.situations.born_by", { date: d(born), election: d(election.electionDay) }));
        if (!registration) lines.push(objectionAdvice(ctx, election));
        break;
      }
      case "voter-card-lost":
        lines.push(ctx.t("voter.situations.card_by", { date: d(addDays(election.electionDay, -1)), election: d(election.electionDay) }));
        break;
    }
    lines.push("", officesText(ctx, await ctx.services.roll.offices(registration?.residenceAreaId)));
  }
  if (entry) {
    lines.push("", `❓ ${entry.question}`, entry.answer);
    if (entry.locale !== ctx.locale) lines.push(ctx.t("faq.only_in_chinese"));
  }
  return lines.join("\n");
}
