// Writes the demo county (demo-data.ts) into an empty database, all or nothing.
import type { Prisma, PrismaClient } from "@prisma/client";
import type { LocalDate } from "../../domain/dates.js";
import { DEMO_REFERENCE_DAY, DEMO_SEED, generateDemoData } from "./demo-data.js";
import { seedSuggestionCatalogue } from "./demo-suggestions.js";

export interface SeedSummary {
  adminAreas: number;
  elections: number;
  constituencies: number;
  constituencyAreas: number;
  voterGroups: number;
  rollEntries: number;
  candidates: number;
  pollingPlaces: number;
  delegates: number;
  faqEntries: number;
  offices: number;
  candidateMeetings: number;
  faqSynonyms: number;
}

export interface SeedOptions {
  /** The day the demo is loaded on: its election's dates are placed around it (demoCalendar). */
  today?: LocalDate;
}

/** True when no administrative area exists, i.e. nothing has been imported or seeded yet. */
export async function isDatabaseEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.adminArea.findFirst({ select: { id: true } })) === null;
}

function idOf(ids: Map<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`demo data refers to unknown ${key}`);
  return id;
}

/**
 * Seeds the demo county into an empty database; throws, writing nothing, if it is not empty.
 * The clock is the caller's: pass the day it is (in the county's zone) as `today`.
 */
export async function seedDemo(prisma: PrismaClient, opts: SeedOptions = {}): Promise<SeedSummary> {
  const data = generateDemoData(DEMO_SEED, opts.today ?? DEMO_REFERENCE_DAY);
  return prisma.$transaction(
    async (tx: Prisma.TransactionClient) => {
      // Several instances starting with SEED_DEMO at once: one seeds, the others then see data.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(72610002)`;
      if ((await tx.adminArea.count()) > 0) {
        throw new Error("the database already has administrative areas; the demo data is only seeded into an empty database");
      }

      // Parents before children: GB/T 2260 codes grow by level (6 county, 9 township, 12 village).
      const areaIds = new Map<string, number>();
      for (const length of [6, 9, 12]) {
        const rows = await tx.adminArea.createManyAndReturn({
          data: data.areas
            .filter((a) => a.code.length === length)
            .map((a) => ({
              code: a.code,
              name: a.name,
              level: a.level,
              parentId: a.parentCode === null ? null : idOf(areaIds, a.parentCode),
              latitude: a.latitude,
              longitude: a.longitude,
            })),
          select: { id: true, code: true },
        });
        for (const r of rows) areaIds.set(r.code, r.id);
      }

      const { areaCode, ...election } = data.election;
      const { id: electionId } = await tx.election.create({
        data: { ...election, areaId: idOf(areaIds, areaCode) },
        select: { id: true },
      });

      const constituencyRows = await tx.constituency.createManyAndReturn({
        data: data.constituencies.map((c) => ({
          electionId,
          code: c.code,
          name: c.name,
          seats: c.seats,
          basis: c.basis,
          workUnits: c.workUnits,
          description: c.description,
        })),
        select: { id: true, code: true },
      });
      const constituencyIds = new Map(constituencyRows.map((r) => [r.code, r.id]));

      const constituencyAreas = await tx.constituencyArea.createMany({
        data: data.constituencies.flatMap((c) =>
          c.areaCodes.map((code) => ({ constituencyId: idOf(constituencyIds, c.code), areaId: idOf(areaIds, code) })),
        ),
      });

      const groupRows = await tx.voterGroup.createManyAndReturn({
        data: data.constituencies.flatMap((c) =>
          c.voterGroups.map((g) => ({ constituencyId: idOf(constituencyIds, c.code), name: g.name, leaderName: g.leaderName })),
        ),
        select: { id: true, constituencyId: true, name: true },
      });
      const groupIds = new Map(groupRows.map((g) => [`${g.constituencyId}/${g.name}`, g.id]));

      // The demo roll was compiled before it was published: none of it counts as 补登 (added after).
      const compiledAt = new Date(data.election.rollPublishedOn.getTime() - 86_400_000);
      const rollEntries = await tx.rollEntry.createMany({
        data: data.rollEntries.map(({ constituencyCode, voterGroupName, hukouAreaCode, residenceAreaCode, ...e }) => {
          const constituencyId = idOf(constituencyIds, constituencyCode);
          return {
            ...e,
            createdAt: compiledAt,
            electionId,
            constituencyId,
            voterGroupId: idOf(groupIds, `${constituencyId}/${voterGroupName}`),
            hukouAreaId: idOf(areaIds, hukouAreaCode),
            residenceAreaId: idOf(areaIds, residenceAreaCode),
          };
        }),
      });

      // One by one with their meetings (15 rows): createMany cannot nest.
      let candidateMeetings = 0;
      for (const { constituencyCode, meetings, ...c } of data.candidates) {
        await tx.candidate.create({
          data: { ...c, constituencyId: idOf(constituencyIds, constituencyCode), listStage: "FORMAL", meetings: { create: meetings } },
          select: { id: true },
        });
        candidateMeetings += meetings.length;
      }
      const candidates = { count: data.candidates.length };

      const pollingPlaces = await tx.pollingPlace.createMany({
        data: data.pollingPlaces.map(({ constituencyCode, ...p }) => ({
          ...p,
          electionId,
          constituencyId: idOf(constituencyIds, constituencyCode),
        })),
      });

      const delegates = await tx.delegate.createMany({
        data: data.delegates.map(({ constituencyCode, ...d }) => ({
          ...d,
          constituencyId: idOf(constituencyIds, constituencyCode),
        })),
      });

      const faqEntries = await tx.faqEntry.createMany({ data: data.faq });
      await seedSuggestionCatalogue(tx);

      const offices = await tx.electionOffice.createMany({
        data: data.offices.map(({ areaCode, ...o }) => ({ ...o, areaId: idOf(areaIds, areaCode) })),
      });
      const faqSynonyms = await tx.faqSynonym.createMany({ data: data.faqSynonyms });

      return {
        adminAreas: areaIds.size,
        elections: 1,
        constituencies: constituencyRows.length,
        constituencyAreas: constituencyAreas.count,
        voterGroups: groupRows.length,
        rollEntries: rollEntries.count,
        candidates: candidates.count,
        pollingPlaces: pollingPlaces.count,
        delegates: delegates.count,
        faqEntries: faqEntries.count,
        offices: offices.count,
        candidateMeetings,
        faqSynonyms: faqSynonyms.count,
      };
    },
    { timeout: 120_000 },
  );
}
