// "Where am I?" from a shared location: the nearest villages/communities of the county, and the
// constituencies that may serve that spot. It only suggests: a place served by several
// constituencies (a split village, or near a work unit with a constituency of its own) gets all of
// them, and the voter roll decides. Nothing about the location is stored.
import type { PrismaClient } from "@prisma/client";
import { isValidLatLon, nearest, type LatLon } from "../domain/geo.js";
import { currentConstituencies } from "./constituency-choice.js";

/** Farther than this from every village/community: outside the county we serve. */
export const OUTSIDE_KM = 50;
/** A work-unit constituency is offered when one of its polling places is this close (the unit's site). */
export const WORK_UNIT_RADIUS_KM = 1.5;
/** Villages/communities listed. */
const SHOWN = 3;

export interface NearbyArea {
  id: number;
  name: string;
  parentName: string | null;
  distanceKm: number;
}

export interface NearbyConstituency {
  id: number;
  name: string;
  seats: number;
  basis: "RESIDENCE" | "WORK_UNIT";
  /** For WORK_UNIT ones: the units (people working there vote there). */
  workUnits: string[];
}

export type NearbyResult =
  | { status: "invalid" }
  /** No village/community has a map point yet: the address finder is the only way. */
  | { status: "no-coordinates" }
  | { status: "outside"; nearestKm: number | null }
  | {
      status: "ok";
      areas: NearbyArea[];
      /** The constituencies that may serve the nearest area; more than one → the roll decides. */
      constituencies: NearbyConstituency[];
    };

export class NearbyService {
  constructor(private readonly prisma: PrismaClient) {}

  async find(origin: LatLon): Promise<NearbyResult> {
    if (!isValidLatLon(origin)) return { status: "invalid" };
    const areas = await this.prisma.adminArea.findMany({
      where: { level: { in: ["VILLAGE", "COMMUNITY"] }, latitude: { not: null }, longitude: { not: null } },
      select: { id: true, name: true, latitude: true, longitude: true, parent: { select: { name: true } } },
      orderBy: { code: "asc" },
    });
    if (areas.length === 0) return { status: "no-coordinates" };
    const closest = nearest(origin, areas, (a) => a, { limit: SHOWN });
    const first = closest[0];
    if (!first || first.distanceKm > OUTSIDE_KM) return { status: "outside", nearestKm: first ? first.distanceKm : null };
    const shown = closest.filter((r) => r.distanceKm <= OUTSIDE_KM);

    const current = await currentConstituencies(this.prisma);
    const electionIds = [...new Set(current.map((c) => c.electionId))];
    const [byArea, workUnitPlaces] = await Promise.all([
      this.prisma.constituencyArea.findMany({
        where: { areaId: first.item.id, constituency: { electionId: { in: electionIds } } },
        select: { constituency: { select: { id: true, name: true, seats: true, basis: true, workUnits: true, code: true } } },
        orderBy: { constituency: { code: "asc" } },
      }),
      this.prisma.pollingPlace.findMany({
        where: { electionId: { in: electionIds }, constituency: { basis: "WORK_UNIT" }, latitude: { not: null }, longitude: { not: null } },
        select: { latitude: true, longitude: true, constituency: { select: { id: true, name: true, seats: true, basis: true, workUnits: true, code: true } } },
      }),
    ]);
    const found = new Map<number, NearbyConstituency & { code: string }>();
    for (const { constituency: c } of byArea) found.set(c.id, c);
    for (const { item } of nearest(origin, workUnitPlaces, (p) => p, { limit: 50, withinKm: WORK_UNIT_RADIUS_KM }))
      found.set(item.constituency.id, item.constituency);
    return {
      status: "ok",
      areas: shown.map(({ item, distanceKm }) => ({ id: item.id, name: item.name, parentName: item.parent?.name ?? null, distanceKm })),
      constituencies: [...found.values()]
        .sort((a, b) => a.code.localeCompare(b.code))
        .map(({ id, name, seats, basis, workUnits }) => ({ id, name, seats, basis, workUnits })),
    };
  }
}
