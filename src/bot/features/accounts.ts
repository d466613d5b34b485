// Accounts: /join CODE for anyone holding an invite code; for admins /invite (make a code),
// /accounts (list, change a role, revoke — with a confirm step) and /invites (open codes, revoke).
// Every change goes through AccountService, which audits it; a revoked role stops working on the
// account's next update on every instance (the role is read from the database each update).
import { Composer, type CommandContext } from "grammy";
import { PAGE_SIZE, type AccountTarget, type AccountView, type InviteError, type InviteRole, type InviteView, type JoinResult } from "../../services/accounts.js";
import { ROLES, type Role } from "../../services/users.js";
import { wallClock } from "../../domain/zoned-time.js";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { formatDate } from "../i18n.js";
import {
  accountKeyboard,
  accountsKeyboard,
  backToAccounts,
  confirmInviteRevokeKeyboard,
  confirmRoleKeyboard,
  displayName,
  invitesKeyboard,
} from "../keyboards/accounts.js";
import { mainMenu } from "../keyboards/menu.js";
import { requireRole } from "../middleware/roles.js";
import { FeatureComposer } from "../feature-composer.js";

export const accountsFeature = new FeatureComposer<BotContext>();

/** An instant as the county's wall clock shows it: "2026年11月23日（星期一） 10:00". */
export function formatDateTime(ctx: BotContext, at: Date): string {
  const w = wallClock(at, ctx.config.TIMEZONE);
  const time = `${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
  return ctx.t("accounts.at", { date: formatDate(ctx.t, w.date), time });
}

/** What an invite (or a joined account) is for: role, and the scope or the delegate record. */
function target(ctx: BotContext, role: InviteRole, { area, delegate, department, officialName }: AccountTarget): string {
  return ctx.t(`accounts.target.${role}`, {
    area: area?.name ?? "—",
    code: area?.code ?? department?.code ?? "—",
    name: delegate?.fullName ?? department?.name ?? officialName ?? "—",
    id: delegate?.id ?? "—",
  });
}

function scopeText(ctx: BotContext, a: AccountView): string {
  if (a.area) return ctx.t("accounts.list.scope_area", { area: a.area.name });
  if (a.delegate) return ctx.t("accounts.list.scope_delegate", { id: a.delegate.id, name: a.delegate.fullName });
  if (a.department) return ctx.t("accounts.list.scope_area", { area: a.department.name });
  if (a.officialName) return ctx.t("accounts.list.scope_area", { area: a.officialName });
  return "";
}

// ───────────────────────────── /join ─────────────────────────────

function joinReply(ctx: BotContext, r: Exclude<JoinResult, { kind: "joined" }>): string {
  switch (r.kind) {
    case "bad_shape":
      return ctx.t("accounts.join.bad_shape");
    case "unknown":
      return r.attemptsLeft > 0 ? ctx.t("accounts.join.unknown", { count: r.attemptsLeft }) : ctx.t("accounts.join.no_attempts_left");
    case "too_many":
      return ctx.t("accounts.join.locked", { at: formatDateTime(ctx, r.retryAt) });
    case "expired":
      return ctx.t("accounts.join.expired", { at: formatDateTime(ctx, r.expiresAt) });
    case "used":
      return r.byYou ? ctx.t("accounts.join.used_by_you", { role: ctx.t(`roles.${ctx.user?.role ?? "VOTER"}`) }) : ctx.t("accounts.join.used");
    case "revoked":
      return ctx.t("accounts.join.revoked");
    case "already":
      return ctx.t("accounts.join.already", { role: ctx.t(`roles.${r.role}`) });
    case "admin_downgrade":
      return ctx.t("accounts.join.admin_downgrade", { role: ctx.t(`roles.${r.role}`) });
    case "delegate_linked":
      return ctx.t("accounts.join.delegate_linked");
  }
}

accountsFeature.command("join", async (ctx) => {
  const code = ctx.match.trim();
  // A code that fails may still be live (a typo of it, or someone else's): never log it.
  if (code) ctx.logSecrets = [code];
  if (!code || !ctx.user) return ctx.reply(ctx.t("accounts.join.usage"));
  const r = await ctx.services.accounts.redeem(ctx.user.id, code);
  if (r.kind !== "joined") return ctx.reply(joinReply(ctx, r));
  ctx.user = { ...ctx.user, role: r.role };
  await ctx.reply(ctx.t("accounts.join.joined", { target: target(ctx, r.role, r) }), { reply_markup: mainMenu(ctx) });
});

// ───────────────────────────── /invite ─────────────────────────────

const INVITE_KINDS: Record<string, InviteRole> = { staff: "STAFF", delegate: "DELEGATE", admin: "ADMIN", department: "DEPARTMENT", official: "OFFICIAL" };

type ParsedInvite = { role: InviteRole; areaCode?: string; delegateId?: number; departmentCode?: string; officialName?: string } | null;

function parseInvite(args: string): ParsedInvite {
  const [kind = "", arg, ...rest] = args.trim().split(/\s+/);
  const role = INVITE_KINDS[kind.toLowerCase()];
  if (!role) return null;
  // An official's name and post may contain spaces: everything after the role word.
  if (role === "OFFICIAL") return arg === undefined ? { role } : { role, officialName: args.trim().slice(kind.length).trim() };
  if (rest.length > 0) return null;
  if (role === "DEPARTMENT") return arg === undefined ? { role } : /^[A-Za-z0-9_-]{1,20}$/.test(arg) ? { role, departmentCode: arg } : null;
  if (role === "STAFF") return arg === undefined ? { role } : /^\d{1,12}$/.test(arg) ? { role, areaCode: arg } : null;
  if (role === "DELEGATE") return arg !== undefined && /^\d{1,9}$/.test(arg) ? { role, delegateId: Number(arg) } : arg === undefined ? { role } : null;
  return arg === undefined ? { role } : null;
}

accountsFeature.command("invite", requireRole("ADMIN"), async (ctx: CommandContext<BotContext>) => {
  const req = parseInvite(ctx.match);
  if (!req || !ctx.user) return ctx.reply(ctx.t("accounts.invite.usage"));
  const r = await ctx.services.accounts.createInvite(ctx.user.id, { ...req, via: "chat" });
  if (!r.ok) return ctx.reply(ctx.t(`accounts.invite.errors.${r.error satisfies InviteError}`));
  const { invite } = r;
  // The code works for days: it goes to the admin's chat, never into the conversation log.
  ctx.logSecrets = [invite.code];
  await ctx.reply(
    ctx.t("accounts.invite.created", {
      code: invite.code,
      target: target(ctx, invite.role, invite),
      at: formatDateTime(ctx, invite.expiresAt),
    }),
  );
});

// ───────────────────────────── /accounts ─────────────────────────────

async function accountsScreen(ctx: BotContext, page: number) {
  const list = await ctx.services.accounts.accounts(page);
  if (list.total === 0) return { text: ctx.t("accounts.list.none"), reply_markup: accountsKeyboard(ctx, list) };
  const lines = [ctx.t("accounts.list.title", { total: list.total, page: list.page + 1, pages: list.pages }), ""];
  list.items.forEach((a, i) =>
    lines.push(
      ctx.t("accounts.list.row", {
        n: list.page * PAGE_SIZE + i + 1,
        name: displayName(a),
        role: ctx.t(`roles.${a.role}`),
        scope: scopeText(ctx, a),
        seen: formatDateTime(ctx, a.lastSeenAt),
      }),
    ),
  );
  return { text: lines.join("\n"), reply_markup: accountsKeyboard(ctx, list) };
}

function accountText(ctx: BotContext, a: AccountView, own: boolean): string {
  const text = ctx.t("accounts.detail.text", {
    name: displayName(a),
    id: a.userId,
    role: ctx.t(`roles.${a.role}`),
    scope: scopeText(ctx, a),
    seen: formatDateTime(ctx, a.lastSeenAt),
  });
  return own ? `${text}\n\n${ctx.t("accounts.detail.own")}` : text;
}

accountsFeature.command("accounts", requireRole("ADMIN"), async (ctx) => {
  const { text, reply_markup } = await accountsScreen(ctx, 0);
  await ctx.reply(text, { reply_markup });
});

onButton(accountsFeature, buttons.accounts, requireRole("ADMIN"), async (ctx, { page }) => {
  await ctx.answerCallbackQuery();
  const { text, reply_markup } = await accountsScreen(ctx, page);
  await ctx.editMessageText(text, { reply_markup });
});

onButton(accountsFeature, buttons.account, requireRole("ADMIN"), async (ctx, { id }) => {
  const a = await ctx.services.accounts.account(id);
  if (!a) return ctx.answerCallbackQuery({ text: ctx.t("accounts.detail.gone") });
  await ctx.answerCallbackQuery();
  const own = a.userId === ctx.user?.id;
  await ctx.editMessageText(accountText(ctx, a, own), { reply_markup: accountKeyboard(ctx, a, own) });
});

const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

onButton(accountsFeature, buttons.accountRole, requireRole("ADMIN"), async (ctx, { id, from, to }) => {
  const a = await ctx.services.accounts.account(id);
  if (!a || !isRole(from) || !isRole(to)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  const names = { name: displayName(a), from: ctx.t(`roles.${from}`), to: ctx.t(`roles.${to}`) };
  const text = to === "VOTER" ? ctx.t("accounts.confirm.revoke", names) : ctx.t("accounts.confirm.change", names);
  await ctx.editMessageText(text, { reply_markup: confirmRoleKeyboard(ctx, id, from, to) });
});

onButton(accountsFeature, buttons.accountRoleConfirm, requireRole("ADMIN"), async (ctx, { id, from, to }) => {
  if (!isRole(from) || !isRole(to) || !ctx.user) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const r = await ctx.services.accounts.changeRole(ctx.user.id, id, from, to);
  switch (r.kind) {
    case "changed": {
      const text = ctx.t("accounts.changed", { name: displayName(r.account), role: ctx.t(`roles.${r.account.role}`) });
      await ctx.answerCallbackQuery({ text });
      return ctx.editMessageText(text, { reply_markup: backToAccounts(ctx) });
    }
    case "changed_meanwhile": {
      await ctx.answerCallbackQuery({ text: ctx.t("accounts.changed_meanwhile", { role: ctx.t(`roles.${r.account.role}`) }), show_alert: true });
      const own = r.account.userId === ctx.user.id;
      return ctx.editMessageText(accountText(ctx, r.account, own), { reply_markup: accountKeyboard(ctx, r.account, own) });
    }
    case "self":
      return ctx.answerCallbackQuery({ text: ctx.t("accounts.self"), show_alert: true });
    case "not_found":
      return ctx.answerCallbackQuery({ text: ctx.t("accounts.detail.gone") });
    case "not_allowed":
      return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  }
});

// ───────────────────────────── /invites ─────────────────────────────

async function invitesScreen(ctx: BotContext, page: number) {
  const list = await ctx.services.accounts.openInvites(page);
  if (list.total === 0) return { text: ctx.t("accounts.invites.none"), reply_markup: invitesKeyboard(ctx, list) };
  const lines = [ctx.t("accounts.invites.title", { total: list.total, page: list.page + 1, pages: list.pages }), ""];
  for (const i of list.items) lines.push(ctx.t("accounts.invites.row", { id: i.id, target: inviteTarget(ctx, i), at: formatDateTime(ctx, i.expiresAt) }));
  return { text: lines.join("\n"), reply_markup: invitesKeyboard(ctx, list) };
}

const inviteTarget = (ctx: BotContext, i: InviteView) => target(ctx, i.role, i);

accountsFeature.command("invites", requireRole("ADMIN"), async (ctx) => {
  const { text, reply_markup } = await invitesScreen(ctx, 0);
  await ctx.reply(text, { reply_markup });
});

onButton(accountsFeature, buttons.invites, requireRole("ADMIN"), async (ctx, { page }) => {
  await ctx.answerCallbackQuery();
  const { text, reply_markup } = await invitesScreen(ctx, page);
  await ctx.editMessageText(text, { reply_markup });
});

onButton(accountsFeature, buttons.inviteRevoke, requireRole("ADMIN"), async (ctx, { id }) => {
  const i = await ctx.services.accounts.invite(id);
  if (!i) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t("accounts.invites.confirm", { id, target: inviteTarget(ctx, i) }), { reply_markup: confirmInviteRevokeKeyboard(ctx, id) });
});

onButton(accountsFeature, buttons.inviteRevokeConfirm, requireRole("ADMIN"), async (ctx, { id }) => {
  if (!ctx.user) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const r = await ctx.services.accounts.revokeInvite(ctx.user.id, id);
  const text = r.kind === "revoked" ? ctx.t("accounts.invites.revoked", { id }) : ctx.t("accounts.invites.not_open", { id });
  await ctx.answerCallbackQuery({ text });
  const screen = await invitesScreen(ctx, 0);
  await ctx.editMessageText(`${text}\n\n${screen.text}`, { reply_markup: screen.reply_markup });
});
