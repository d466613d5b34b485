// Browsing the county by address (county → township → village/community) and finding the
// constituency an area belongs to. The address only suggests: the voter roll decides.
import type { AdminArea, PrismaClient } from "@prisma/client";
import { toElectionView, type ElectionView } from "./elections.js";

export interface AreaView {
  id: number;
  code: string;
  name: string;
  level: AdminArea["level"];
  parentId: number | null;
}

export interface CountyOverview {
  county: AreaView;
  election: ElectionView | null;
}

/** 投票站 / 选举大会 / 流动票箱, as every view of a polling place names them. */
export type PollingPlaceKind = "STATION" | "ELECTION_MEETING" | "MOBILE_BOX";

export interface PlaceSummary {
  kind: PollingPlaceKind;
  name: string;
  address: string;
  opensAt: string;
  closesAt: string;
  stepFree: boolean;
  accessibility: string | null;
}

export interface AreaConstituency {
  id: number;
  name: string;
  seats: number;
  candidates: number;
  places: PlaceSummary[];
}

export interface AreaDetail {
  area: AreaView;
  parent: AreaView | null;
  children: AreaView[];
  constituencies: AreaConstituency[];
  /** Work units with a constituency of their own: people working there vote there. */
  workUnits: string[];
}

// The county and its election change only on import; /start reads them on every greeting.
const OVERVIEW_CACHE_MS = 60_000;

const AREA_FIELDS = { id: true, code: true, name: true, level: true, parentId: true } as const;

export class AreaService {
  private cached: { at: number; value: CountyOverview | null } | undefined;

  constructor(private readonly prisma: PrismaClient) {}

  /** Drops the cached overview (after an import or a new election). */
  forget(): void {
    this.cached = undefined;
  }

  /** The county the bot serves and its current election; null before any import. */
  async overview(now = Date.now()): Promise<CountyOverview | null> {
    if (this.cached && now - this.cached.at < OVERVIEW_CACHE_MS) return this.cached.value;
    const county = await this.prisma.adminArea.findFirst({ where: { level: "COUNTY" }, orderBy: { code: "asc" }, select: AREA_FIELDS });
    const election = county
      ? await this.prisma.election.findFirst({ where: { areaId: county.id }, orderBy: { electionDay: "desc" } })
      : null;
    const value = county ? { county, election: election ? toElectionView(election) : null } : null;
    // "No data yet" is not cached: the first import should show at once.
    if (value) this.cached = { at: now, value };
    return value;
  }

  async detail(areaId: number, electionId?: number): Promise<AreaDetail | null> {
    const area = await this.prisma.adminArea.findUnique({
      where: { id: areaId },
      select: { ...AREA_FIELDS, parent: { select: AREA_FIELDS }, children: { orderBy: { code: "asc" }, select: AREA_FIELDS } },
    });
    if (!area) return null;
    const [links, workUnitConstituencies] = await Promise.all([
      this.prisma.constituencyArea.findMany({
        where: { areaId, constituency: electionId ? { electionId } : {} },
        include: {
          constituency: {
            include: {
              pollingPlaces: {
                where: { kind: { not: "MOBILE_BOX" } },
                orderBy: { id: "asc" },
                select: { kind: true, name: true, address: true, opensAt: true, closesAt: true, stepFree: true, accessibility: true },
              },
              _count: { select: { candidates: { where: { listStage: "FORMAL" } } } },
            },
          },
        },
        orderBy: { constituency: { code: "asc" } },
      }),
      electionId
        ? this.prisma.constituency.findMany({ where: { electionId, basis: "WORK_UNIT" }, select: { workUnits: true } })
        : [],
    ]);
    const { children, parent, ...rest } = area;
    return {
      area: rest,
      parent,
      children,
      constituencies: links.map(({ constituency: c }) => ({
        id: c.id,
        name: c.name,
        seats: c.seats,
        candidates: c._count.candidates,
        places: c.pollingPlaces,
      })),
      workUnits: workUnitConstituencies.flatMap((c) => c.workUnits),
    };
  }
}
