// Invites (create, redeem once, expire, revoke), the guessing limit, role changes with their
// audit entries, and staff scope — against the real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/db/seed/seed.js";
import { AccountService, CODE_ALPHABET, generateCode, inScope, normalizeCode, type NewInvite } from "../../src/services/accounts.js";
import { fixedClock } from "../../src/services/clock.js";
import { UserService } from "../../src/services/users.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const T0 = new Date("2026-11-20T02:00:00Z");
const HOUR = 3_600_000;

let db: TestDatabase;
let users: UserService;
const clock = fixedClock(T0);
let accounts: AccountService;
let nextTelegramId = 500_000;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
  users = new UserService(db.prisma);
  accounts = new AccountService(db.prisma, { inviteTtlHours: 72, maxFailedJoinsPerHour: 5, clock });
});
afterAll(() => db?.close());

async function newUser(role?: "ADMIN" | "STAFF" | "DELEGATE") {
  const u = await users.touch({ id: nextTelegramId++, first_name: "测试" });
  if (role) await db.prisma.user.update({ where: { id: u.id }, data: { role } });
  return u;
}

async function invite(req: Parameters<AccountService["createInvite"]>[1], actorId: number | null = null): Promise<NewInvite> {
  const r = await accounts.createInvite(actorId, req);
  if (!r.ok) throw new Error(`invite refused: ${r.error}`);
  return r.invite;
}

const row = (id: number) => db.prisma.user.findUniqueOrThrow({ where: { id }, include: { delegate: true } });
const audits = (action: string) => db.prisma.auditLog.findMany({ where: { action }, orderBy: { id: "asc" } });

describe("codes", () => {
  it("are 8 characters from an unambiguous alphabet, grouped 4-4", () => {
    for (let i = 0; i < 200; i++) {
      const code = generateCode();
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    }
    for (const c of "01OIL") expect(CODE_ALPHABET).not.toContain(c);
  });

  it.each([
    ["K7QM-3XPD", "K7QM3XPD"],
    ["k7qm3xpd", "K7QM3XPD"],
    [" k7qm 3xpd ", "K7QM3XPD"],
    ["K7QM—3XPD", "K7QM3XPD"],
    ["Ｋ７ＱＭ－３ＸＰＤ", "K7QM3XPD"], // full width, from a Chinese input method
    ["K7QM-3XP", null],
    ["K7QM-3XPDD", null],
    ["K7QM-3XP0", null], // 0 is not in the alphabet
    ["hello", null],
    ["", null],
  ])("normalizeCode(%j) = %j", (input, expected) => {
    expect(normalizeCode(input)).toBe(expected);
  });
});

describe("creating invites", () => {
  it("staff default to the county; the code is stored only as a hash; audited invite.create with actor null from the CLI", async () => {
    const inv = await invite({ role: "STAFF", via: "cli" });
    expect(inv.area).toMatchObject({ code: "999901", level: "COUNTY" });
    expect(inv.expiresAt.getTime() - clock.now().getTime()).toBe(72 * HOUR);
    const stored = await db.prisma.invite.findUniqueOrThrow({ where: { id: inv.id } });
    expect(stored.codeHash).not.toContain(normalizeCode(inv.code)!);
    expect(stored.codeHash).toMatch(/^[0-9a-f]{64}$/);
    const [entry] = (await audits("invite.create")).filter((a) => a.subject === `invite:${inv.id}`);
    expect(entry).toMatchObject({ actorId: null, details: { via: "cli" }, after: { role: "STAFF", areaId: inv.area!.id, delegateId: null } });
  });

  it("staff for a township; a village, an unknown code, or an area on an admin invite are refused", async () => {
    expect((await invite({ role: "STAFF", areaCode: "999901001", via: "chat" })).area).toMatchObject({ name: "青禾镇", level: "TOWNSHIP" });
    expect(await accounts.createInvite(null, { role: "STAFF", areaCode: "999901001201", via: "cli" })).toEqual({ ok: false, error: "area_level" });
    expect(await accounts.createInvite(null, { role: "STAFF", areaCode: "123", via: "cli" })).toEqual({ ok: false, error: "unknown_area" });
    expect(await accounts.createInvite(null, { role: "ADMIN", areaCode: "999901", via: "cli" })).toEqual({ ok: false, error: "area_for_role" });
  });

  it("delegate invites need a delegate record that is not linked to an account", async () => {
    expect(await accounts.createInvite(null, { role: "DELEGATE", via: "cli" })).toEqual({ ok: false, error: "delegate_required" });
    expect(await accounts.createInvite(null, { role: "DELEGATE", delegateId: 999_999, via: "cli" })).toEqual({ ok: false, error: "unknown_delegate" });
    const taken = await db.prisma.delegate.findFirstOrThrow({ orderBy: { id: "desc" } });
    const holder = await newUser("DELEGATE");
    await db.prisma.delegate.update({ where: { id: taken.id }, data: { userId: holder.id } });
    expect(await accounts.createInvite(null, { role: "DELEGATE", delegateId: taken.id, via: "cli" })).toEqual({ ok: false, error: "delegate_linked" });
  });
});

describe("redeeming", () => {
  it("gives the role and scope once, audits account.join with before/after; a second redeem is refused", async () => {
    const inv = await invite({ role: "STAFF", areaCode: "999901002", via: "cli" });
    const u = await newUser();
    const r = await accounts.redeem(u.id, inv.code.toLowerCase());
    expect(r).toMatchObject({ kind: "joined", role: "STAFF", before: "VOTER", area: { name: "石桥乡" } });
    expect(await row(u.id)).toMatchObject({ role: "STAFF", scopeAreaId: inv.area!.id });
    const [entry] = (await audits("account.join")).filter((a) => a.subject === `user:${u.id}`);
    expect(entry).toMatchObject({
      actorId: u.id,
      before: { role: "VOTER", scopeAreaId: null, delegateId: null },
      after: { role: "STAFF", scopeAreaId: inv.area!.id, delegateId: null },
      details: { inviteId: inv.id },
    });
    expect(await accounts.redeem(u.id, inv.code)).toEqual({ kind: "used", byYou: true });
    const other = await newUser();
    expect(await accounts.redeem(other.id, inv.code)).toEqual({ kind: "used", byYou: false });
    expect((await row(other.id)).role).toBe("VOTER");
  });

  it("a delegate invite links the record", async () => {
    const d = await db.prisma.delegate.findFirstOrThrow({ where: { userId: null }, orderBy: { id: "asc" } });
    const inv = await invite({ role: "DELEGATE", delegateId: d.id, via: "chat" });
    const u = await newUser();
    expect(await accounts.redeem(u.id, inv.code)).toMatchObject({ kind: "joined", role: "DELEGATE", delegate: { id: d.id, fullName: d.fullName } });
    expect(await row(u.id)).toMatchObject({ role: "DELEGATE", scopeAreaId: null, delegate: { id: d.id } });
  });

  it("a delegate record linked since the invite was made: refused, nothing changes, the code stays unused", async () => {
    const d = await db.prisma.delegate.findFirstOrThrow({ where: { userId: null }, orderBy: { id: "asc" } });
    const first = await invite({ role: "DELEGATE", delegateId: d.id, via: "cli" });
    const second = await invite({ role: "DELEGATE", delegateId: d.id, via: "cli" });
    const [a, b] = [await newUser(), await newUser("STAFF")];
    expect(await accounts.redeem(a.id, first.code)).toMatchObject({ kind: "joined" });
    const audited = await db.prisma.auditLog.count();
    expect(await accounts.redeem(b.id, second.code)).toEqual({ kind: "delegate_linked" });
    expect(await row(b.id)).toMatchObject({ role: "STAFF", delegate: null });
    expect((await db.prisma.invite.findUniqueOrThrow({ where: { id: second.id } })).usedAt).toBeNull();
    expect(await db.prisma.auditLog.count()).toBe(audited);
  });

  it("two redeems of one code at once (two people, and one person's double tap): exactly one succeeds", async () => {
    const inv = await invite({ role: "ADMIN", via: "cli" });
    const [a, b] = [await newUser(), await newUser()];
    const results = await Promise.all([accounts.redeem(a.id, inv.code), accounts.redeem(b.id, inv.code), accounts.redeem(a.id, inv.code)]);
    expect(results.filter((r) => r.kind === "joined")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "used")).toHaveLength(2);
    const admins = await db.prisma.user.count({ where: { id: { in: [a.id, b.id] }, role: "ADMIN" } });
    expect(admins).toBe(1);
    // Whoever won (a's first try, b, or a's double tap) holds the code.
    const winner = results[1]!.kind === "joined" ? b.id : a.id;
    expect((await db.prisma.invite.findUniqueOrThrow({ where: { id: inv.id } })).usedById).toBe(winner);
  });

  it("expired and revoked codes are refused; the expiry is reported", async () => {
    const inv = await invite({ role: "STAFF", via: "cli" });
    const u = await newUser();
    clock.advance(72 * HOUR);
    expect(await accounts.redeem(u.id, inv.code)).toEqual({ kind: "expired", expiresAt: inv.expiresAt });
    clock.set(T0);
    const inv2 = await invite({ role: "STAFF", via: "cli" });
    expect(await accounts.revokeInvite(null, inv2.id)).toMatchObject({ kind: "revoked" });
    expect(await accounts.revokeInvite(null, inv2.id)).toEqual({ kind: "not_open" });
    expect(await accounts.redeem(u.id, inv2.code)).toEqual({ kind: "revoked" });
    expect((await row(u.id)).role).toBe("VOTER");
    expect((await audits("invite.revoke")).at(-1)).toMatchObject({ subject: `invite:${inv2.id}`, actorId: null });
  });

  it("an admin is not downgraded by joining with a staff code, and the code stays usable", async () => {
    const admin = await newUser("ADMIN");
    const inv = await invite({ role: "STAFF", via: "cli" });
    expect(await accounts.redeem(admin.id, inv.code)).toEqual({ kind: "admin_downgrade", role: "STAFF" });
    expect((await row(admin.id)).role).toBe("ADMIN");
    const staff = await newUser();
    expect(await accounts.redeem(staff.id, inv.code)).toMatchObject({ kind: "joined" });
  });

  it("someone who already has exactly that role is told so; the code stays usable", async () => {
    const a = await newUser();
    const first = await invite({ role: "STAFF", areaCode: "999901001", via: "cli" });
    await accounts.redeem(a.id, first.code);
    const second = await invite({ role: "STAFF", areaCode: "999901001", via: "cli" });
    expect(await accounts.redeem(a.id, second.code)).toEqual({ kind: "already", role: "STAFF" });
    expect((await db.prisma.invite.findUniqueOrThrow({ where: { id: second.id } })).usedAt).toBeNull();
  });

  it("a malformed code is refused without counting as a guess", async () => {
    const u = await newUser();
    expect(await accounts.redeem(u.id, "12345")).toEqual({ kind: "bad_shape" });
    expect(await db.prisma.joinFailure.count({ where: { userId: u.id } })).toBe(0);
  });

  it("five unknown codes an hour, then refused even with a valid code, until the oldest guess is an hour old (held in the database)", async () => {
    clock.set(T0);
    const u = await newUser();
    for (let i = 0; i < 5; i++) {
      expect(await accounts.redeem(u.id, "ZZZZ-ZZZ" + CODE_ALPHABET[i])).toEqual({ kind: "unknown", attemptsLeft: 4 - i });
      clock.advance(60_000);
    }
    const good = await invite({ role: "STAFF", via: "cli" });
    // Another service on the same database (another instance) applies the same limit.
    const elsewhere = new AccountService(db.prisma, { inviteTtlHours: 72, clock });
    expect(await elsewhere.redeem(u.id, good.code)).toEqual({ kind: "too_many", retryAt: new Date(T0.getTime() + HOUR) });
    expect(await accounts.redeem(u.id, good.code)).toEqual({ kind: "too_many", retryAt: new Date(T0.getTime() + HOUR) });
    clock.set(new Date(T0.getTime() + HOUR));
    expect(await accounts.redeem(u.id, good.code)).toMatchObject({ kind: "joined" });
    clock.set(T0);
  });
});

describe("changing roles", () => {
  it("revoke: role VOTER, scope and delegate link cleared, audited with before/after", async () => {
    const admin = await newUser("ADMIN");
    const d = await db.prisma.delegate.findFirstOrThrow({ where: { userId: null }, orderBy: { id: "asc" } });
    const inv = await invite({ role: "DELEGATE", delegateId: d.id, via: "cli" });
    const u = await newUser();
    await accounts.redeem(u.id, inv.code);
    const r = await accounts.changeRole(admin.id, u.id, "DELEGATE", "VOTER");
    expect(r).toMatchObject({ kind: "changed", account: { role: "VOTER", delegate: null } });
    expect(await row(u.id)).toMatchObject({ role: "VOTER", scopeAreaId: null, delegate: null });
    expect((await audits("account.revoke")).at(-1)).toMatchObject({
      actorId: admin.id,
      subject: `user:${u.id}`,
      before: { role: "DELEGATE", delegateId: d.id },
      after: { role: "VOTER", delegateId: null, scopeAreaId: null },
    });
  });

  it("to staff gets the county scope; a stale confirm, one's own account, and DELEGATE are refused", async () => {
    const admin = await newUser("ADMIN");
    const u = await newUser("ADMIN");
    const r = await accounts.changeRole(admin.id, u.id, "ADMIN", "STAFF");
    expect(r).toMatchObject({ kind: "changed", account: { role: "STAFF", area: { code: "999901" } } });
    expect((await audits("account.role_change")).at(-1)).toMatchObject({ before: { role: "ADMIN" }, after: { role: "STAFF" } });
    expect(await accounts.changeRole(admin.id, u.id, "ADMIN", "VOTER")).toMatchObject({ kind: "changed_meanwhile", account: { role: "STAFF" } });
    expect(await accounts.changeRole(admin.id, admin.id, "ADMIN", "VOTER")).toEqual({ kind: "self" });
    expect(await accounts.changeRole(admin.id, u.id, "STAFF", "DELEGATE")).toEqual({ kind: "not_allowed" });
    expect(await accounts.changeRole(admin.id, 9_999_999, "STAFF", "VOTER")).toEqual({ kind: "not_found" });
  });

  it("lists accounts with a role, admins first, and open invites only", async () => {
    const list = await accounts.accounts(0);
    expect(list.total).toBe(await db.prisma.user.count({ where: { role: { not: "VOTER" } } }));
    expect(list.items.length).toBeLessThanOrEqual(8);
    expect(list.items[0]!.role).toBe("ADMIN");
    const roles = list.items.map((a) => a.role);
    expect(roles).toEqual([...roles].sort((a, b) => ["ADMIN", "STAFF", "DELEGATE"].indexOf(a) - ["ADMIN", "STAFF", "DELEGATE"].indexOf(b)));
    const open = await accounts.openInvites(0);
    const rows = await db.prisma.invite.findMany({ where: { id: { in: open.items.map((i) => i.id) } } });
    for (const r of rows) expect(r).toMatchObject({ usedAt: null, revokedAt: null });
    expect(open.items.length).toBeGreaterThan(0);
  });
});

describe("scopeOf", () => {
  it("county staff and admins: every area; township staff: the township and its villages; voters and delegates: none", async () => {
    const all = await db.prisma.adminArea.findMany({ select: { id: true, code: true } });
    const id = (code: string) => all.find((a) => a.code === code)!.id;
    const county = await newUser();
    await accounts.redeem(county.id, (await invite({ role: "STAFF", via: "cli" })).code);
    const town = await newUser();
    await accounts.redeem(town.id, (await invite({ role: "STAFF", areaCode: "999901002", via: "cli" })).code);

    const c = await accounts.scopeOf({ id: county.id, role: "STAFF" });
    expect(c.all).toBe(true);
    expect(c.areaIds.sort()).toEqual(all.map((a) => a.id).sort());
    const t = await accounts.scopeOf({ id: town.id, role: "STAFF" });
    expect(t.all).toBe(false);
    expect(t.areaIds.sort()).toEqual([id("999901002"), id("999901002001"), id("999901002201"), id("999901002202")].sort());
    expect(inScope(t, id("999901002201"))).toBe(true);
    expect(inScope(t, id("999901001201"))).toBe(false);
    expect((await accounts.scopeOf({ id: (await newUser("ADMIN")).id, role: "ADMIN" })).all).toBe(true);
    expect(await accounts.scopeOf({ id: (await newUser()).id, role: "VOTER" })).toEqual({ all: false, areaIds: [] });
    // A stale account object: the row (revoked since) decides.
    await accounts.changeRole(null, town.id, "STAFF", "VOTER");
    expect(await accounts.scopeOf({ id: town.id, role: "STAFF" })).toEqual({ all: false, areaIds: [] });
  });
});
