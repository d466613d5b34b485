import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DelegateService } from "../../src/services/delegates.js";
import { UserService } from "../../src/services/users.js";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
let delegates: DelegateService;
let users: UserService;
const NAMES = ["代表甲", "代表乙", "代表丙", "代表丁"];

beforeAll(async () => {
  db = await createTestDatabase();
  // A few delegate records are all this needs (the full demo seed would only slow it down).
  const county = await db.prisma.adminArea.create({ data: { code: "999901", name: "示例县", level: "COUNTY" } });
  const election = await db.prisma.election.create({
    data: {
      name: "选举",
      kind: "COUNTY_CONGRESS",
      areaId: county.id,
      electionDay: new Date("2026-12-15T00:00:00Z"),
      constituencies: { create: [{ code: "01", name: "第一选区", seats: 2, basis: "RESIDENCE", workUnits: [] }, { code: "02", name: "第二选区", seats: 1, basis: "RESIDENCE", workUnits: [] }] },
    },
    include: { constituencies: { orderBy: { code: "asc" } } },
  });
  const term = { level: "COUNTY" as const, termStart: new Date("2021-12-28T00:00:00Z"), termEnd: new Date("2026-12-27T00:00:00Z") };
  for (const [i, fullName] of NAMES.entries()) {
    await db.prisma.delegate.create({ data: { ...term, fullName, constituencyId: election.constituencies[i < 2 ? 0 : 1]?.id ?? null } });
  }
  delegates = new DelegateService(db.prisma);
  users = new UserService(db.prisma);
});

afterAll(async () => {
  await db.close();
});

describe("DelegateService", () => {
  it("forUser() is null for a user with no delegate record", async () => {
    const user = await users.touch({ id: 3001 });
    expect(await delegates.forUser(user.id)).toBeNull();
  });

  it("linkDemoDelegate() attaches the first unlinked delegate, with its constituency, and keeps it", async () => {
    const user = await users.touch({ id: 3001 });
    const first = await db.prisma.delegate.findFirstOrThrow({ orderBy: { id: "asc" } });
    const linked = await delegates.linkDemoDelegate(user.id);
    expect(linked).toMatchObject({ id: first.id, fullName: NAMES[0], constituencyId: first.constituencyId });
    expect((await db.prisma.delegate.findUniqueOrThrow({ where: { id: first.id }, include: { constituency: true } })).constituency?.code).toBe("01");
    expect((await db.prisma.delegate.findUniqueOrThrow({ where: { id: first.id } })).userId).toBe(user.id);
    expect(await delegates.forUser(user.id)).toEqual(linked);
    // Asking again returns the same record, not the next one.
    expect((await delegates.linkDemoDelegate(user.id))?.id).toBe(first.id);
    expect(await db.prisma.delegate.count({ where: { userId: user.id } })).toBe(1);
  });

  it("gives the next user the next free delegate", async () => {
    const user = await users.touch({ id: 3002 });
    const free = await db.prisma.delegate.findMany({ where: { userId: null }, orderBy: { id: "asc" } });
    expect((await delegates.linkDemoDelegate(user.id))?.id).toBe(free[0]?.id);
  });

  it("two users linking at the same time get different delegates", async () => {
    const a = await users.touch({ id: 3003 });
    const b = await users.touch({ id: 3004 });
    const [da, db_] = await Promise.all([delegates.linkDemoDelegate(a.id), delegates.linkDemoDelegate(b.id)]);
    // Whatever each call returned must be what the database holds.
    expect((await delegates.forUser(a.id))?.id).toBe(da?.id);
    expect((await delegates.forUser(b.id))?.id).toBe(db_?.id);
    expect(da?.id).not.toBe(db_?.id);
  });

  it("returns null once every delegate is linked", async () => {
    const free = await db.prisma.delegate.count({ where: { userId: null } });
    for (let i = 0; i < free; i++) expect(await delegates.linkDemoDelegate((await users.touch({ id: 4000 + i })).id)).not.toBeNull();
    expect(await db.prisma.delegate.count({ where: { userId: null } })).toBe(0);
    const late = await users.touch({ id: 5000 });
    expect(await delegates.linkDemoDelegate(late.id)).toBeNull();
    expect(await db.prisma.delegate.count()).toBe(NAMES.length);
  });
});
