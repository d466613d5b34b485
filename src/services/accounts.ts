// Accounts: who may do what. A role (staff for the county or one township, delegate linked to a
// Delegate record, admin, an official of a handling department tied to its Department, a lead /
// supervising official of key suggestions with the name they are shown by) comes from a one-time invite code, created by an admin in chat or by
// the CLI and redeemed with /join CODE. Admins list accounts, change roles and revoke them.
//
// - Codes are 8 characters from an alphabet without 0/O/1/I/L, shown as K7QM-3XPD, and read
//   forgivingly (any case, spaces, dashes, full-width characters). Only a slow hash (scrypt) of
//   the normalised code is stored: a copy of the database does not reveal live codes, and the
//   code is shown once, when it is made.
// - A code is redeemed at most once: the claim is one conditional UPDATE inside a transaction
//   that also sets the role, links the delegate record and writes the audit entry.
// - Guessing is limited: a person gets MAX_FAILED_JOINS_PER_HOUR unknown codes per hour, counted
//   in the database, so the limit holds across instances.
// - Every change is audited with the account's state before and after (ids and roles only).
// - Nothing is cached: a role changed here is seen by every instance on its next update.
import { randomInt, scrypt } from "node:crypto";
import type { AreaLevel, Prisma, PrismaClient } from "@prisma/client";
import { writeAudit, type JsonObject } from "./audit.js";
import { systemClock, type Clock } from "./clock.js";
import type { Role } from "./users.js";

/** The roles an invite can give (VOTER is what everyone is without one). */
export type InviteRole = Exclude<Role, "VOTER">;
export const INVITE_ROLES: readonly InviteRole[] = ["STAFF", "DELEGATE", "ADMIN", "DEPARTMENT", "OFFICIAL"];

// ───────────────────────────── codes ─────────────────────────────

/** 31 characters: digits 2–9 and letters without I, L, O (nothing to mistake for 0/O or 1/I/L). */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LENGTH = 8;
const CODE_RE = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** A new random code, grouped for reading aloud and typing on a phone: "K7QM-3XPD". */
export function generateCode(): string {
  let s = "";
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/**
 * The code as stored (8 characters, upper case), or null when `input` cannot be a code. Accepts
 * lower case, spaces and dashes anywhere, full-width letters and digits (Chinese input methods).
 */
export function normalizeCode(input: string): string | null {
  const s = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―_.]/g, "");
  return CODE_RE.test(s) ? s : null;
}

// A fixed salt: the hash is also the look-up key. scrypt makes trying all 31^8 codes against a
// stolen table take centuries of CPU; one hash costs ~50 ms, off the event loop.
const HASH_SALT = "voterlink-invite-v1";
function hashCode(normalized: string): Promise<string> {
  return new Promise((resolve, reject) =>
    scrypt(normalized, HASH_SALT, 32, { N: 2 ** 14, r: 8, p: 1 }, (err, key) => (err ? reject(err) : resolve(key.toString("hex")))),
  );
}

// ───────────────────────────── views ─────────────────────────────

export interface AreaRef {
  id: number;
  code: string;
  name: string;
  level: AreaLevel;
}

export interface DelegateRef {
  id: number;
  fullName: string;
}

export interface DepartmentRef {
  id: number;
  code: string;
  name: string;
}

/** What an account acts for besides its role: the staff area, the delegate record, the department, the official's name. */
export interface AccountTarget {
  area: AreaRef | null;
  delegate: DelegateRef | null;
  department: DepartmentRef | null;
  officialName: string | null;
}

export interface InviteView extends AccountTarget {
  id: number;
  role: InviteRole;
  /** null: created by the CLI. */
  createdById: number | null;
  createdAt: Date;
  expiresAt: Date;
}

/** A new invite: the only time its code is known. */
export interface NewInvite extends InviteView {
  code: string;
}

export interface AccountView extends AccountTarget {
  userId: number;
  telegramId: number;
  firstName: string | null;
  username: string | null;
  role: Role;
  lastSeenAt: Date;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
}

/** The areas an account may act on (services filter by it): a county-wide scope covers everything. */
export interface AreaScope {
  all: boolean;
  /** The scope area and everything below it (empty for accounts without a scope). */
  areaIds: number[];
}

export function inScope(scope: AreaScope, areaId: number): boolean {
  return scope.all || scope.areaIds.includes(areaId);
}

/**
 * The constituencies inside a scope, as a Prisma filter: one of the villages/communities a
 * constituency covers lies in the scope (as reports/scope.ts counts them). Work-unit
 * constituencies (no villages) belong to the county as a whole, so only county-wide scopes hold them.
 */
export function constituencyWhere(scope: AreaScope): Prisma.ConstituencyWhereInput {
  return scope.all ? {} : { areas: { some: { areaId: { in: scope.areaIds } } } };
}

/** The whole county: the default where a caller gives no scope (the CLI, imports, jobs). */
export const COUNTY_WIDE: AreaScope = { all: true, areaIds: [] };

/** Whether one constituency lies in a scope (constituencyWhere's rule). */
export async function constituencyInScope(db: Prisma.TransactionClient | PrismaClient, constituencyId: number, scope: AreaScope): Promise<boolean> {
  return scope.all || (await db.constituency.count({ where: { id: constituencyId, ...constituencyWhere(scope) } })) > 0;
}

/**
 * The staff accounts that may see a suggestion of this constituency, as a Prisma filter on User:
 * what is sent to "staff" about it goes to them only. Admins and county-wide staff (no scope area,
 * or the county) always; staff whose scope area is one of the areas the constituency covers or
 * above one of them: scopeOf + constituencyWhere seen from the record's side, so a work-unit
 * constituency (no villages) reaches county-wide staff and admins only.
 */
export async function staffWhoMaySee(db: Prisma.TransactionClient | PrismaClient, constituencyId: number): Promise<Prisma.UserWhereInput> {
  // The constituency's areas and every area above them.
  const above = await db.$queryRaw<{ id: number }[]>`
    WITH RECURSIVE up AS (
      SELECT a."id", a."parentId" FROM "AdminArea" a
      WHERE a."id" IN (SELECT "areaId" FROM "ConstituencyArea" WHERE "constituencyId" = ${constituencyId})
      UNION
      SELECT p."id", p."parentId" FROM "AdminArea" p JOIN up ON p."id" = up."parentId"
    )
    SELECT "id" FROM up`;
  return {
    OR: [
      { role: "ADMIN" },
      { role: "STAFF", scopeAreaId: null },
      { role: "STAFF", scopeArea: { level: "COUNTY" } },
      ...(above.length > 0 ? [{ role: "STAFF" as const, scopeAreaId: { in: above.map((a) => a.id) } }] : []),
    ],
  };
}

// ───────────────────────────── results ─────────────────────────────

export interface InviteRequest {
  role: InviteRole;
  /** STAFF: GB/T 2260 code of a COUNTY or TOWNSHIP area; default the county. */
  areaCode?: string | undefined;
  /** DELEGATE: the Delegate record's id (required). */
  delegateId?: number | undefined;
  /** DEPARTMENT: the Department's code (required). */
  departmentCode?: string | undefined;
  /** OFFICIAL: name and post as shown on the key suggestions they lead (required). */
  officialName?: string | undefined;
  /** How the invite was made, for the audit entry. */
  via: "chat" | "cli";
}

export type InviteError =
  | "no_county" // nothing imported yet: no county to scope staff to
  | "unknown_area"
  | "area_level" // staff scope must be the county or a township
  | "area_for_role" // an area given for a delegate/admin invite
  | "delegate_required"
  | "delegate_for_role" // a delegate id given for a staff/admin invite
  | "unknown_delegate"
  | "delegate_linked" // the record is already linked to an account
  | "department_required"
  | "department_for_role" // a department given for another role
  | "unknown_department"
  | "official_name_required" // blank, or longer than MAX_OFFICIAL_NAME
  | "official_name_for_role";

export type CreateInviteResult = { ok: true; invite: NewInvite } | { ok: false; error: InviteError };

export type JoinResult =
  | ({ kind: "joined"; role: InviteRole; before: Role } & AccountTarget)
  | { kind: "bad_shape" }
  | { kind: "unknown"; attemptsLeft: number }
  | { kind: "too_many"; retryAt: Date }
  | { kind: "expired"; expiresAt: Date }
  | { kind: "used"; byYou: boolean }
  | { kind: "revoked" }
  /** The account already has exactly what the invite gives; the code stays valid for someone else. */
  | { kind: "already"; role: InviteRole }
  /** An admin joining with a lower role would lose admin rights: refused, code left unused. */
  | { kind: "admin_downgrade"; role: InviteRole }
  | { kind: "delegate_linked" };

export type RoleChangeResult =
  | { kind: "changed"; account: AccountView }
  | { kind: "not_found" }
  | { kind: "self" } // admins do not change their own role (no locking oneself out)
  | { kind: "changed_meanwhile"; account: AccountView } // the confirm button was for an older state
  | { kind: "not_allowed" }; // DELEGATE needs a record: use an invite

export type RevokeInviteResult = { kind: "revoked"; invite: InviteView } | { kind: "not_open" };

// ───────────────────────────── the service ─────────────────────────────

export interface AccountServiceOptions {
  inviteTtlHours: number;
  maxFailedJoinsPerHour?: number;
  clock?: Clock;
}

export const MAX_FAILED_JOINS_PER_HOUR = 5;
export const MAX_OFFICIAL_NAME = 50;
const HOUR_MS = 3_600_000;
export const PAGE_SIZE = 8;

const AREA_REF = { select: { id: true, code: true, name: true, level: true } } as const;
const DELEGATE_REF = { select: { id: true, fullName: true } } as const;
const DEPARTMENT_REF = { select: { id: true, code: true, name: true } } as const;
const INVITE_INCLUDE = { area: AREA_REF, delegate: DELEGATE_REF, department: DEPARTMENT_REF } as const;
const ACCOUNT_INCLUDE = { scopeArea: AREA_REF, delegate: DELEGATE_REF, department: DEPARTMENT_REF } as const;

type InviteRow = Prisma.InviteGetPayload<{ include: typeof INVITE_INCLUDE }>;
type AccountRow = Prisma.UserGetPayload<{ include: typeof ACCOUNT_INCLUDE }>;

function toInviteView(i: InviteRow): InviteView {
  return {
    id: i.id,
    role: i.role as InviteRole,
    area: i.area,
    delegate: i.delegate,
    department: i.department,
    officialName: i.officialName,
    createdById: i.createdById,
    createdAt: i.createdAt,
    expiresAt: i.expiresAt,
  };
}

function toAccountView(u: AccountRow): AccountView {
  return {
    userId: u.id,
    telegramId: Number(u.telegramId),
    firstName: u.firstName,
    username: u.username,
    role: u.role,
    area: u.role === "STAFF" ? u.scopeArea : null,
    delegate: u.delegate,
    department: u.role === "DEPARTMENT" ? u.department : null,
    officialName: u.role === "OFFICIAL" ? u.officialName : null,
    lastSeenAt: u.lastSeenAt,
  };
}

/** What the audit log keeps of an account: ids, the role and an official's public post, nothing personal. */
interface AccountState {
  role: Role;
  scopeAreaId: number | null;
  delegateId: number | null;
  departmentId: number | null;
  officialName: string | null;
}
const stateJson = (s: AccountState): JsonObject => ({ role: s.role, scopeAreaId: s.scopeAreaId, delegateId: s.delegateId, departmentId: s.departmentId, officialName: s.officialName });
const sameState = (a: AccountState, b: AccountState) =>
  a.role === b.role && a.scopeAreaId === b.scopeAreaId && a.delegateId === b.delegateId && a.departmentId === b.departmentId && a.officialName === b.officialName;

type Tx = Prisma.TransactionClient;

/** Ends a transaction without committing, carrying the answer out. */
class Rollback<T> {
  constructor(readonly result: T) {}
}

export class AccountService {
  private readonly ttlMs: number;
  private readonly maxFailures: number;
  private readonly clock: Clock;

  constructor(
    private readonly prisma: PrismaClient,
    opts: AccountServiceOptions,
  ) {
    this.ttlMs = opts.inviteTtlHours * HOUR_MS;
    this.maxFailures = opts.maxFailedJoinsPerHour ?? MAX_FAILED_JOINS_PER_HOUR;
    this.clock = opts.clock ?? systemClock;
  }

  // ── invites ──

  /** Creates an invite and audits "invite.create". `actorId` null: the CLI. */
  async createInvite(actorId: number | null, req: InviteRequest): Promise<CreateInviteResult> {
    const checked = await this.checkInviteTarget(req);
    if ("error" in checked) return { ok: false, error: checked.error };
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    for (;;) {
      const code = generateCode();
      const codeHash = await hashCode(normalizeCode(code)!);
      try {
        const invite = await this.prisma.$transaction(async (tx) => {
          const row = await tx.invite.create({
            data: { codeHash, role: req.role, ...checked, createdById: actorId, createdAt: now, expiresAt },
            include: INVITE_INCLUDE,
          });
          await writeAudit(tx, {
            actorId,
            action: "invite.create",
            subject: `invite:${row.id}`,
            after: { role: row.role, areaId: row.areaId, delegateId: row.delegateId, departmentId: row.departmentId, officialName: row.officialName, expiresAt: expiresAt.toISOString() },
            details: { via: req.via },
          });
          return row;
        });
        return { ok: true, invite: { ...toInviteView(invite), code } };
      } catch (e) {
        // Two equal codes among 31^8: draw again.
        if ((e as { code?: string }).code !== "P2002") throw e;
      }
    }
  }

  private async checkInviteTarget(
    req: InviteRequest,
  ): Promise<{ areaId: number | null; delegateId: number | null; departmentId: number | null; officialName: string | null } | { error: InviteError }> {
    if (req.role !== "STAFF" && req.areaCode !== undefined) return { error: "area_for_role" };
    if (req.role !== "DELEGATE" && req.delegateId !== undefined) return { error: "delegate_for_role" };
    if (req.role !== "DEPARTMENT" && req.departmentCode !== undefined) return { error: "department_for_role" };
    if (req.role !== "OFFICIAL" && req.officialName !== undefined) return { error: "official_name_for_role" };
    const none = { areaId: null, delegateId: null, departmentId: null, officialName: null };
    if (req.role === "STAFF") {
      const area = req.areaCode
        ? await this.prisma.adminArea.findUnique({ where: { code: req.areaCode.trim() } })
        : await this.county();
      if (!area) return { error: req.areaCode ? "unknown_area" : "no_county" };
      if (area.level !== "COUNTY" && area.level !== "TOWNSHIP") return { error: "area_level" };
      return { ...none, areaId: area.id };
    }
    if (req.role === "DELEGATE") {
      if (req.delegateId === undefined) return { error: "delegate_required" };
      const d = Number.isSafeInteger(req.delegateId) ? await this.prisma.delegate.findUnique({ where: { id: req.delegateId } }) : null;
      if (!d) return { error: "unknown_delegate" };
      if (d.userId !== null) return { error: "delegate_linked" };
      return { ...none, delegateId: d.id };
    }
    if (req.role === "DEPARTMENT") {
      if (req.departmentCode === undefined) return { error: "department_required" };
      const d = await this.prisma.department.findFirst({ where: { code: req.departmentCode.trim(), active: true } });
      return d ? { ...none, departmentId: d.id } : { error: "unknown_department" };
    }
    if (req.role === "OFFICIAL") {
      const name = req.officialName?.trim().replace(/\s+/g, " ") ?? "";
      if (!name || name.length > MAX_OFFICIAL_NAME) return { error: "official_name_required" };
      return { ...none, officialName: name };
    }
    return none;
  }

  private county() {
    return this.prisma.adminArea.findFirst({ where: { level: "COUNTY" }, orderBy: { code: "asc" } });
  }

  /** Open invites (not used, not revoked, not expired), newest first. */
  async openInvites(page = 0): Promise<Page<InviteView>> {
    const where = { usedAt: null, revokedAt: null, expiresAt: { gt: this.clock.now() } };
    const total = await this.prisma.invite.count({ where });
    const p = clampPage(page, total);
    const rows = await this.prisma.invite.findMany({ where, include: INVITE_INCLUDE, orderBy: { id: "desc" }, skip: p * PAGE_SIZE, take: PAGE_SIZE });
    return { items: rows.map(toInviteView), total, page: p, pages: pageCount(total) };
  }

  async invite(id: number): Promise<InviteView | null> {
    const row = await this.prisma.invite.findUnique({ where: { id }, include: INVITE_INCLUDE });
    return row ? toInviteView(row) : null;
  }

  /** Revokes an open invite; audits "invite.revoke". */
  async revokeInvite(actorId: number | null, inviteId: number): Promise<RevokeInviteResult> {
    const now = this.clock.now();
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.invite.updateMany({
        where: { id: inviteId, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { revokedAt: now, revokedById: actorId },
      });
      if (count === 0) return { kind: "not_open" as const };
      const row = await tx.invite.findUniqueOrThrow({ where: { id: inviteId }, include: INVITE_INCLUDE });
      await writeAudit(tx, {
        actorId,
        action: "invite.revoke",
        subject: `invite:${inviteId}`,
        before: { revokedAt: null },
        after: { revokedAt: now.toISOString() },
        details: { role: row.role },
      });
      return { kind: "revoked" as const, invite: toInviteView(row) };
    });
  }

  // ── /join ──

  /** Redeems a code for the user: once, atomically, with a limit on unknown codes per hour. */
  async redeem(userId: number, input: string): Promise<JoinResult> {
    const normalized = normalizeCode(input);
    if (!normalized) return { kind: "bad_shape" };
    const now = this.clock.now();
    // A cheap look before the (deliberately slow) hash; the transaction below decides.
    const limited = await this.failureLimit(this.prisma, userId, now);
    if (limited) return limited;
    const codeHash = await hashCode(normalized);
    try {
      return await this.prisma.$transaction((tx) => this.redeemIn(tx, userId, codeHash, now));
    } catch (e) {
      if (e instanceof Rollback) return e.result as JoinResult;
      throw e;
    }
  }

  private async failureLimit(db: Tx | PrismaClient, userId: number, now: Date): Promise<{ kind: "too_many"; retryAt: Date } | null> {
    const recent = await db.joinFailure.findMany({
      where: { userId, at: { gt: new Date(now.getTime() - HOUR_MS) } },
      orderBy: { at: "desc" },
      take: this.maxFailures,
      select: { at: true },
    });
    if (recent.length < this.maxFailures) return null;
    // One more attempt is allowed when the oldest of these leaves the hour.
    return { kind: "too_many", retryAt: new Date(recent.at(-1)!.at.getTime() + HOUR_MS) };
  }

  private async redeemIn(tx: Tx, userId: number, codeHash: string, now: Date): Promise<JoinResult> {
    // One /join per person at a time, across instances: the user's row is the lock.
    const [user] = await tx.$queryRaw<{ id: number; role: Role; scopeAreaId: number | null; departmentId: number | null; officialName: string | null }[]>`
      SELECT "id", "role", "scopeAreaId", "departmentId", "officialName" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
    if (!user) throw new Error(`redeem: no user ${userId}`);
    const limited = await this.failureLimit(tx, userId, now);
    if (limited) return limited;

    const [invite] = await tx.$queryRaw<
      {
        id: number; role: InviteRole; areaId: number | null; delegateId: number | null; departmentId: number | null; officialName: string | null;
        expiresAt: Date; usedAt: Date | null; usedById: number | null; revokedAt: Date | null;
      }[]
    >`SELECT "id", "role", "areaId", "delegateId", "departmentId", "officialName", "expiresAt", "usedAt", "usedById", "revokedAt"
      FROM "Invite" WHERE "codeHash" = ${codeHash} FOR UPDATE`;
    if (!invite) {
      await tx.joinFailure.deleteMany({ where: { at: { lt: new Date(now.getTime() - HOUR_MS) } } });
      await tx.joinFailure.create({ data: { userId, at: now } });
      const recent = await tx.joinFailure.count({ where: { userId, at: { gt: new Date(now.getTime() - HOUR_MS) } } });
      return { kind: "unknown", attemptsLeft: Math.max(0, this.maxFailures - recent) };
    }
    if (invite.revokedAt) return { kind: "revoked" };
    if (invite.usedAt) return { kind: "used", byYou: invite.usedById === userId };
    if (invite.expiresAt.getTime() <= now.getTime()) return { kind: "expired", expiresAt: invite.expiresAt };

    const linked = await tx.delegate.findUnique({ where: { userId }, select: { id: true } });
    const before: AccountState = { role: user.role, scopeAreaId: user.scopeAreaId, delegateId: linked?.id ?? null, departmentId: user.departmentId, officialName: user.officialName };
    const after: AccountState = {
      role: invite.role,
      scopeAreaId: invite.role === "STAFF" ? invite.areaId : null,
      delegateId: invite.role === "DELEGATE" ? invite.delegateId : null,
      departmentId: invite.role === "DEPARTMENT" ? invite.departmentId : null,
      officialName: invite.role === "OFFICIAL" ? invite.officialName : null,
    };
    if (sameState(before, after)) return { kind: "already", role: invite.role };
    if (before.role === "ADMIN" && after.role !== "ADMIN") return { kind: "admin_downgrade", role: invite.role };

    // The claim: whatever happened since the read above, only one redeemer gets a row back.
    const claimed = await tx.$queryRaw<{ id: number }[]>`
      UPDATE "Invite" SET "usedAt" = ${now}, "usedById" = ${userId}
      WHERE "id" = ${invite.id} AND "usedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > ${now}
      RETURNING "id"`;
    if (claimed.length === 0) return { kind: "used", byYou: false };

    if (!(await this.applyState(tx, userId, before, after))) throw new Rollback<JoinResult>({ kind: "delegate_linked" });
    await writeAudit(tx, {
      actorId: userId,
      action: "account.join",
      subject: `user:${userId}`,
      before: stateJson(before),
      after: stateJson(after),
      details: { inviteId: invite.id },
    });
    const [area, delegate, department] = await Promise.all([
      after.scopeAreaId ? tx.adminArea.findUnique({ where: { id: after.scopeAreaId }, ...AREA_REF }) : null,
      after.delegateId ? tx.delegate.findUnique({ where: { id: after.delegateId }, ...DELEGATE_REF }) : null,
      after.departmentId ? tx.department.findUnique({ where: { id: after.departmentId }, ...DEPARTMENT_REF }) : null,
    ]);
    return { kind: "joined", role: invite.role, area, delegate, department, officialName: after.officialName, before: before.role };
  }

  /** Writes role, scope, delegate link, department and official's name; false when the delegate record belongs to someone else. */
  private async applyState(tx: Tx, userId: number, before: AccountState, after: AccountState): Promise<boolean> {
    if (before.delegateId !== null && before.delegateId !== after.delegateId)
      await tx.delegate.updateMany({ where: { id: before.delegateId, userId }, data: { userId: null } });
    if (after.delegateId !== null && after.delegateId !== before.delegateId) {
      const { count } = await tx.delegate.updateMany({ where: { id: after.delegateId, userId: null }, data: { userId } });
      if (count === 0) return false;
    }
    await tx.user.update({ where: { id: userId }, data: { role: after.role, scopeAreaId: after.scopeAreaId, departmentId: after.departmentId, officialName: after.officialName } });
    return true;
  }

  // ── accounts ──

  /** Accounts with a role (admins, staff, delegates), by role then id. */
  async accounts(page = 0): Promise<Page<AccountView>> {
    const where = { role: { not: "VOTER" as const } };
    const total = await this.prisma.user.count({ where });
    const p = clampPage(page, total);
    // Role order is ADMIN, STAFF, DELEGATE; the enum sorts VOTER, DELEGATE, STAFF, ADMIN.
    const rows = await this.prisma.user.findMany({ where, include: ACCOUNT_INCLUDE, orderBy: [{ role: "desc" }, { id: "asc" }], skip: p * PAGE_SIZE, take: PAGE_SIZE });
    return { items: rows.map(toAccountView), total, page: p, pages: pageCount(total) };
  }

  async account(userId: number): Promise<AccountView | null> {
    const row = await this.prisma.user.findUnique({ where: { id: userId }, include: ACCOUNT_INCLUDE });
    return row ? toAccountView(row) : null;
  }

  /**
   * Changes an account's role to VOTER (revoke), STAFF (keeps its scope, else the county) or
   * ADMIN, if it still has `expected` (a confirm button shows the state it was made for). Takes
   * effect on the account's next update on every instance. Audits "account.revoke" or
   * "account.role_change".
   */
  async changeRole(actorId: number | null, userId: number, expected: Role, to: Role): Promise<RoleChangeResult> {
    // A delegate, department or official account needs its record / department / name: an invite.
    if (to === "DELEGATE" || to === "DEPARTMENT" || to === "OFFICIAL") return { kind: "not_allowed" };
    if (actorId !== null && actorId === userId) return { kind: "self" };
    const county = to === "STAFF" ? await this.county() : null;
    const outcome = await this.prisma.$transaction(async (tx) => {
      const [user] = await tx.$queryRaw<{ role: Role; scopeAreaId: number | null; departmentId: number | null; officialName: string | null }[]>`
        SELECT "role", "scopeAreaId", "departmentId", "officialName" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
      if (!user) return "not_found" as const;
      if (user.role !== expected) return "changed_meanwhile" as const;
      const linked = await tx.delegate.findUnique({ where: { userId }, select: { id: true } });
      const before: AccountState = { role: user.role, scopeAreaId: user.scopeAreaId, delegateId: linked?.id ?? null, departmentId: user.departmentId, officialName: user.officialName };
      const after: AccountState = { role: to, scopeAreaId: to === "STAFF" ? (user.scopeAreaId ?? county?.id ?? null) : null, delegateId: null, departmentId: null, officialName: null };
      await this.applyState(tx, userId, before, after);
      await writeAudit(tx, {
        actorId,
        action: to === "VOTER" ? "account.revoke" : "account.role_change",
        subject: `user:${userId}`,
        before: stateJson(before),
        after: stateJson(after),
      });
      return "changed" as const;
    });
    const account = outcome === "not_found" ? null : await this.account(userId);
    return account && outcome !== "not_found" ? { kind: outcome, account } : { kind: "not_found" };
  }

  /**
   * Console demo only (`/as staff [CODE]`): the staff account's scope area, by code — the county
   * (null) or one township, as an invite would give it. Null when there is no such area.
   */
  async setDemoStaffArea(userId: number, areaCode: string | null): Promise<{ code: string; name: string } | null> {
    const select = { id: true, code: true, name: true, level: true } as const;
    const area = areaCode === null
      ? await this.prisma.adminArea.findFirst({ where: { level: "COUNTY" }, orderBy: { code: "asc" }, select })
      : await this.prisma.adminArea.findUnique({ where: { code: areaCode }, select });
    if (!area || (area.level !== "COUNTY" && area.level !== "TOWNSHIP")) return null;
    await this.prisma.user.update({ where: { id: userId }, data: { scopeAreaId: area.id } });
    return { code: area.code, name: area.name };
  }

  /**
   * Console mode: the account answers for one handling department (`/as department JT`); without
   * a code, the department with the most suggestions assigned to it, so there is something to see.
   */
  async setDemoDepartment(userId: number, code: string | null): Promise<{ code: string; name: string } | null> {
    const select = { id: true, code: true, name: true } as const;
    const department = code === null
      ? await this.prisma.department.findFirst({ where: { active: true }, orderBy: [{ suggestions: { _count: "desc" } }, { code: "asc" }], select })
      : await this.prisma.department.findUnique({ where: { code: code.toUpperCase() }, select });
    if (!department) return null;
    await this.prisma.user.update({ where: { id: userId }, data: { departmentId: department.id } });
    return { code: department.code, name: department.name };
  }

  /** Console mode: a lead official's name and post, as shown on the key suggestions they lead. */
  async setDemoOfficialName(userId: number, name: string): Promise<void> {
    await this.prisma.user.update({ where: { id: userId }, data: { officialName: name.slice(0, MAX_OFFICIAL_NAME) } });
  }

  /**
   * The areas an account may act on: admins and county staff everything, township staff that
   * township and the villages/communities in it, everyone else nothing. Staff features filter
   * their records by it (bot/staff-scope.ts). A staff account without an area acts for the county,
   * as changeRole gives one (and as reports.scopeCode reads it).
   */
  async scopeOf(account: { id: number; role: Role }): Promise<AreaScope> {
    if (account.role === "ADMIN") return { all: true, areaIds: await this.areaIdsUnder(null) };
    if (account.role !== "STAFF") return { all: false, areaIds: [] };
    const user = await this.prisma.user.findUnique({ where: { id: account.id }, select: { role: true, scopeArea: { select: { id: true, level: true } } } });
    // The role on the row decides (it may have been revoked since `account` was read).
    if (user?.role === "ADMIN") return { all: true, areaIds: await this.areaIdsUnder(null) };
    if (user?.role !== "STAFF") return { all: false, areaIds: [] };
    if (!user.scopeArea || user.scopeArea.level === "COUNTY") return { all: true, areaIds: await this.areaIdsUnder(null) };
    return { all: false, areaIds: await this.areaIdsUnder(user.scopeArea.id) };
  }

  /** The area and every area below it (null: all areas): a township's scope is its own and its villages'. */
  async areaIdsUnder(rootId: number | null): Promise<number[]> {
    if (rootId === null) return (await this.prisma.adminArea.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((a) => a.id);
    const rows = await this.prisma.$queryRaw<{ id: number }[]>`
      WITH RECURSIVE tree AS (
        SELECT "id" FROM "AdminArea" WHERE "id" = ${rootId}
        UNION ALL
        SELECT a."id" FROM "AdminArea" a JOIN tree t ON a."parentId" = t."id"
      )
      SELECT "id" FROM tree ORDER BY "id"`;
    return rows.map((r) => r.id);
  }
}

function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

function clampPage(page: number, total: number): number {
  return Math.min(Math.max(0, Math.trunc(page)), pageCount(total) - 1);
}
