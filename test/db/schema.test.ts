// Rules the database itself enforces, so no import or bug can store what the law forbids.
import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/db/seed/seed.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
});
afterAll(() => db?.close());

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e instanceof Prisma.PrismaClientKnownRequestError ? e.code : String(e);
  }
}

describe("schema constraints", () => {
  it.each([0, 4, -1])("a constituency with %i seats is refused (选举法 25: 1–3)", async (seats) => {
    const election = await db.prisma.election.findFirstOrThrow();
    const refused = await codeOf(
      db.prisma.constituency.create({ data: { electionId: election.id, code: `x${seats}`, name: "x", seats, basis: "RESIDENCE" } }),
    );
    expect(refused).toMatch(/Constituency_seats_check|P20/);
  });

  it("a roll entry or polling place cannot name a constituency of another election", async () => {
    const first = await db.prisma.election.findFirstOrThrow({ include: { constituencies: true } });
    const other = await db.prisma.election.create({
      data: { name: "另一次选举", kind: "TOWNSHIP_CONGRESS", areaId: first.areaId, electionDay: new Date("2026-12-20T00:00:00Z") },
    });
    const constituencyId = first.constituencies[0]!.id;
    const entry = {
      electionId: other.id,
      constituencyId,
      voterNo: "X-1",
      fullName: "测试",
      idLast4: "0000",
      birthDate: new Date("1980-01-01T00:00:00Z"),
      gender: "M",
    };
    expect(await codeOf(db.prisma.rollEntry.create({ data: entry }))).toBe("P2003");
    const place = { electionId: other.id, constituencyId, kind: "STATION" as const, name: "x", address: "x", opensAt: "08:00", closesAt: "17:00" };
    expect(await codeOf(db.prisma.pollingPlace.create({ data: place }))).toBe("P2003");
    // The same rows in their constituency's own election are fine.
    await db.prisma.rollEntry.create({ data: { ...entry, electionId: first.id } });
    await db.prisma.pollingPlace.create({ data: { ...place, electionId: first.id } });
  });
});
