// voterlink invite — makes a one-time invite code (the first admin's comes from here). Prints the
// code, role, scope and expiry; the code is stored only as a hash, so it is shown this once.
// Audited as "invite.create" with no actor (via "cli").
import { wallClock } from "../../domain/zoned-time.js";
import { MAX_OFFICIAL_NAME, type InviteError, type InviteRole, type NewInvite } from "../../services/accounts.js";
import { CommandFailed, UsageError, defineCommand } from "../command.js";

const ROLES: Record<string, InviteRole> = { staff: "STAFF", delegate: "DELEGATE", admin: "ADMIN", department: "DEPARTMENT", official: "OFFICIAL" };

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
  department_required: { text: "--role department needs --department CODE (the handling department's code, see /departments)", usage: true },
  department_for_role: { text: "--department is only for --role department", usage: true },
  unknown_department: { text: "there is no active department with that code" },
  official_name_required: { text: `--role official needs --name "NAME (POST)", at most ${MAX_OFFICIAL_NAME} characters`, usage: true },
  official_name_for_role: { text: "--name is only for --role official", usage: true },
};

function localTime(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${w.date} ${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")} (${timeZone})`;
}

function describe(i: NewInvite): string {
  if (i.area) return `${i.area.name} (${i.area.code})`;
  if (i.delegate) return `delegate record #${i.delegate.id} ${i.delegate.fullName}`;
  if (i.department) return `department ${i.department.code} ${i.department.name}`;
  if (i.officialName) return `lead / supervising official ${i.officialName}`;
  return "everything (administrator)";
}

export default defineCommand({
  name: "invite",
  summary: "make a one-time invite code for staff, a delegate, an admin, a department official or a lead official",
  usage: [
    "Usage: voterlink invite --role staff|delegate|admin|department|official [--area CODE] [--delegate ID] [--department CODE] [--name NAME] [--json]",
    "  --role R          the role the code gives",
    "  --area CODE       staff only: the county (default) or a township, by its area code",
    "  --delegate ID     delegate only (required): the Delegate record to link the account to",
    "  --department CODE department only (required): the handling department whose assigned suggestions the account answers",
    "  --name NAME       official only (required): name and post shown on the key suggestions they lead, e.g. \"李明（副县长）\"",
    "  --json          print the invite as one JSON object",
    "  The code works once, until INVITE_TTL_HOURS (default 72) from now: the person sends /join CODE to the bot.",
  ].join("\n"),
  options: {
    role: { type: "string" },
    area: { type: "string" },
    delegate: { type: "string" },
    department: { type: "string" },
    name: { type: "string" },
    json: { type: "boolean" },
  },
  async run({ values }, ctx) {
    if (values.role === undefined) throw new UsageError("--role is required");
    const role = ROLES[values.role.toLowerCase()];
    if (!role) throw new UsageError(`--role must be staff, delegate, admin, department or official; got "${values.role}"`);
    // Flag combinations are checked before the database is opened.
    if (role !== "STAFF" && values.area !== undefined) throw new UsageError(MESSAGES.area_for_role.text);
    if (role !== "DELEGATE" && values.delegate !== undefined) throw new UsageError(MESSAGES.delegate_for_role.text);
    if (role === "DELEGATE" && values.delegate === undefined) throw new UsageError(MESSAGES.delegate_required.text);
    if (role !== "DEPARTMENT" && values.department !== undefined) throw new UsageError(MESSAGES.department_for_role.text);
    if (role === "DEPARTMENT" && values.department === undefined) throw new UsageError(MESSAGES.department_required.text);
    if (role !== "OFFICIAL" && values.name !== undefined) throw new UsageError(MESSAGES.official_name_for_role.text);
    if (role === "OFFICIAL" && values.name === undefined) throw new UsageError(MESSAGES.official_name_required.text);
    if (values.delegate !== undefined && !/^\d{1,9}$/.test(values.delegate)) throw new UsageError(`--delegate must be a record id (digits); got "${values.delegate}"`);
    const config = ctx.config();

    const result = await ctx.withApp((app) =>
      app.services.accounts.createInvite(null, {
        role,
        areaCode: values.area,
        delegateId: values.delegate === undefined ? undefined : Number(values.delegate),
        departmentCode: values.department,
        officialName: values.name,
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
        JSON.stringify({
          code: i.code,
          role: i.role,
          areaCode: i.area?.code ?? null,
          delegateId: i.delegate?.id ?? null,
          departmentCode: i.department?.code ?? null,
          officialName: i.officialName,
          expiresAt: i.expiresAt.toISOString(),
        }),
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
