// voterlink invite — makes a one-time invite code (the first admin's comes from here). Prints the
// code, role, scope and expiry; the code is stored only as a hash, so it is shown this once.
// Audited as "invite.create" with no actor (via "cli").
import { wallClock } from "../../domain/zoned-time.js";
import type { InviteError, InviteRole, NewInvite } from "../../services/accounts.js";
import { CommandFailed, UsageError, defineCommand } from "../command.js";

const ROLES: Record<string, InviteRole> = { staff: "STAFF", delegate: "DELEGATE", admin: "ADMIN" };

// Wrong combinations of flags are usage errors (2); data that is not there is a failure (1).
const MESSAGES: Record<InviteError, { text: string; usage?: true }> = {
  no_county: { text: "no county has been imported yet, so staff cannot be scoped (import or seed first)" },
  unknown_area: { text: "no area has that code (use the 6-digit county or a 9-digit township code)" },
  area_level: { text: "staff act for the county or one township; that code is a village or community" },
  area_for_role: { text: "--area is only for --role staff", usage: true },
  delegate_required: { text: "--role delegate needs --delegate ID (the Delegate record's id)", usage: true },
  delegate_for_role: { text: "--delegate is only for --role delegate", usage: true },
  unknown_delegate: { text: "there is no delegate record with that id" },
  delegate_linked: { text: "that delegate record is already linked to an account" },
};

function localTime(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${w.date} ${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")} (${timeZone})`;
}

function describe(i: NewInvite): string {
  if (i.area) return `${i.area.name} (${i.area.code})`;
  if (i.delegate) return `delegate record #${i.delegate.id} ${i.delegate.fullName}`;
  return "everything (administrator)";
}

export default defineCommand({
  name: "invite",
  summary: "make a one-time invite code for staff, a delegate or an admin",
  usage: [
    "Usage: voterlink invite --role staff|delegate|admin [--area CODE] [--delegate ID] [--json]",
    "  --role R        the role the code gives",
    "  --area CODE     staff only: the county (default) or a township, by its area code",
    "  --delegate ID   delegate only (required): the Delegate record to link the account to",
    "  --json          print the invite as one JSON object",
    "  The code works once, until INVITE_TTL_HOURS (default 72) from now: the person sends /join CODE to the bot.",
  ].join("\n"),
  options: {
    role: { type: "string" },
    area: { type: "string" },
    delegate: { type: "string" },
    json: { type: "boolean" },
  },
  async run({ values }, ctx) {
    if (values.role === undefined) throw new UsageError("--role is required");
    const role = ROLES[values.role.toLowerCase()];
    if (!role) throw new UsageError(`--role must be staff, delegate or admin; got "${values.role}"`);
    // Flag combinations are checked before the database is opened.
    if (role !== "STAFF" && values.area !== undefined) throw new UsageError(MESSAGES.area_for_role.text);
    if (role !== "DELEGATE" && values.delegate !== undefined) throw new UsageError(MESSAGES.delegate_for_role.text);
    if (role === "DELEGATE" && values.delegate === undefined) throw new UsageError(MESSAGES.delegate_required.text);
    if (values.delegate !== undefined && !/^\d{1,9}$/.test(values.delegate)) throw new UsageError(`--delegate must be a record id (digits); got "${values.delegate}"`);
    const config = ctx.config();

    const result = await ctx.withApp((app) =>
      app.services.accounts.createInvite(null, {
        role,
        areaCode: values.area,
        delegateId: values.delegate === undefined ? undefined : Number(values.delegate),
        via: "cli",
      }),
    );
    if (!result.ok) {
      const m = MESSAGES[result.error];
      if (m.usage) throw new UsageError(m.text);
      throw new CommandFailed(m.text);
    }
    const i = result.invite;
    if (values.json) {
      ctx.out(
        JSON.stringify({ code: i.code, role: i.role, areaCode: i.area?.code ?? null, delegateId: i.delegate?.id ?? null, expiresAt: i.expiresAt.toISOString() }),
      );
      return;
    }
    ctx.out(`Invite code: ${i.code}`);
    ctx.out(`Role:        ${values.role.toLowerCase()}`);
    ctx.out(`Scope:       ${describe(i)}`);
    ctx.out(`Expires:     ${localTime(i.expiresAt, config.TIMEZONE)}`);
    ctx.out(`The person sends this to the bot, once: /join ${i.code}`);
    ctx.out("The code is not stored (only its hash): this is the only time it is shown.");
  },
});
