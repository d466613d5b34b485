// The areas a staff member acts on (accounts.scopeOf): county staff and admins the whole county,
// township staff their township and the villages/communities in it. Every staff feature filters
// what it lists, and checks what it is asked to change, by this — never by what a button carries.
import type { AreaScope } from "../services/accounts.js";
import type { BotContext } from "./context.js";
import { refuse } from "./middleware/roles.js";

const NOTHING: AreaScope = { all: false, areaIds: [] };

/** The sender's scope, read from their row now (a scope or role changed elsewhere counts at once). */
export function staffScope(ctx: BotContext): Promise<AreaScope> {
  return ctx.user ? ctx.services.accounts.scopeOf(ctx.user) : Promise.resolve(NOTHING);
}

/** What township staff are told when a button or a step names something of another area. */
export function refuseOutsideScope(ctx: BotContext): Promise<void> {
  return refuse(ctx, ctx.t("errors.outside_scope"));
}
