// The constituencies of the current election, for "pick one" lists (candidates, polling places).
import type { PrismaClient } from "@prisma/client";

export interface ConstituencyChoice {
  id: number;
  code: string;
  name: string;
  seats: number;
  basis: "RESIDENCE" | "WORK_UNIT";
  electionId: number;
}

const FIELDS = { id: true, code: true, name: true, seats: true, basis: true, electionId: true } as const;

/** The constituencies of the latest election (by election day), in code order. */
export async function currentConstituencies(prisma: PrismaClient): Promise<ConstituencyChoice[]> {
  const election = await prisma.election.findFirst({ orderBy: [{ electionDay: "desc" }, { id: "desc" }], select: { id: true } });
  if (!election) return [];
  return prisma.constituency.findMany({ where: { electionId: election.id }, orderBy: { code: "asc" }, select: FIELDS });
}

export async function constituencyById(prisma: PrismaClient, id: number): Promise<ConstituencyChoice | null> {
  return prisma.constituency.findUnique({ where: { id }, select: FIELDS });
}
