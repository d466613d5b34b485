// Keyboards of the accounts screens (admins): list pages, one account's actions, confirm steps.
import { InlineKeyboard } from "grammy";
import { PAGE_SIZE, type AccountView, type InviteView, type Page } from "../../services/accounts.js";
import type { Role } from "../../services/users.js";
import { buttons } from "../callback-data.js";
import type { BotContext } from "../context.js";

/** Roles an admin can set from a button; DELEGATE needs a record, so it comes from an invite. */
const SETTABLE: readonly Role[] = ["STAFF", "ADMIN"];

export function displayName(a: Pick<AccountView, "firstName" | "username" | "userId">): string {
  const name = a.firstName?.trim() || `#${a.userId}`;
  return a.username ? `${name} (@${a.username})` : name;
}

function pager(ctx: BotContext, kb: InlineKeyboard, page: Page<unknown>, kind: typeof buttons.accounts | typeof buttons.invites) {
  if (page.page > 0) kb.text(ctx.t("accounts.list.prev"), kind.pack({ page: page.page - 1 }));
  if (page.page < page.pages - 1) kb.text(ctx.t("accounts.list.next"), kind.pack({ page: page.page + 1 }));
  return kb.row();
}

export function accountsKeyboard(ctx: BotContext, page: Page<AccountView>): InlineKeyboard {
  const kb = new InlineKeyboard();
  page.items.forEach((a, i) => kb.text(`${page.page * PAGE_SIZE + i + 1}. ${displayName(a)}`, buttons.account.pack({ id: a.userId })).row());
  pager(ctx, kb, page, buttons.accounts);
  return kb
    .text(ctx.t("accounts.list.open_invites"), buttons.invites.pack({ page: 0 }))
    .row()
    .text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
}

export function accountKeyboard(ctx: BotContext, a: AccountView, own: boolean): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (!own) {
    for (const to of SETTABLE.filter((r) => r !== a.role))
      kb.text(ctx.t("accounts.detail.make", { role: ctx.t(`roles.${to}`) }), buttons.accountRole.pack({ id: a.userId, from: a.role, to })).row();
    if (a.role !== "VOTER") kb.text(ctx.t("accounts.detail.revoke"), buttons.accountRole.pack({ id: a.userId, from: a.role, to: "VOTER" })).row();
  }
  return kb.text(ctx.t("accounts.list.back"), buttons.accounts.pack({ page: 0 }));
}

export function confirmRoleKeyboard(ctx: BotContext, id: number, from: Role, to: Role): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("accounts.confirm.yes"), buttons.accountRoleConfirm.pack({ id, from, to }))
    .text(ctx.t("accounts.confirm.cancel"), buttons.account.pack({ id }));
}

export function invitesKeyboard(ctx: BotContext, page: Page<InviteView>): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const i of page.items) kb.text(ctx.t("accounts.invites.revoke", { id: i.id }), buttons.inviteRevoke.pack({ id: i.id })).row();
  pager(ctx, kb, page, buttons.invites);
  return kb.text(ctx.t("accounts.menu"), buttons.accounts.pack({ page: 0 })).row().text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
}

export function confirmInviteRevokeKeyboard(ctx: BotContext, id: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("accounts.confirm.yes"), buttons.inviteRevokeConfirm.pack({ id }))
    .text(ctx.t("accounts.confirm.cancel"), buttons.invites.pack({ page: 0 }));
}

export function backToAccounts(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("accounts.list.back"), buttons.accounts.pack({ page: 0 }));
}
