// Where and how a constituency votes: its polling places (kind, address, hours on election day,
// map point, accessibility), and "tell me when they are published" for a constituency without
// any yet — stored here, read and marked by the reminders job.
import type { PrismaClient } from "@prisma/client";
import type { PollingPlaceKind } from "./areas.js";
import type { Clock } from "./clock.js";
import { constituencyById, currentConstituencies, type ConstituencyChoice } from "./constituency-choice.js";
import { toElectionView, type ElectionView } from "./elections.js";
import { outgoingLocale } from "./users.js";

export interface PlaceView {
  id: number;
  kind: PollingPlaceKind;
  name: string;
  address: string;
  opensAt: string;
  closesAt: string;
  /** Both null when the committee has not given a map point. */
  latitude: number | null;
  longitude: number | null;
  stepFree: boolean;
  accessibility: string | null;
}

export interface PollingInfo {
  constituency: ConstituencyChoice;
  election: ElectionView;
  /** Stations and election meetings first, a mobile ballot box last. */
  places: PlaceView[];
  /** The township of a residence constituency (for "ask the township election office"). */
  township: string | null;
  /** The person already asked to be told when places are published. */
  watching: boolean;
}

export type WatchResult = "saved" | "already" | "published" | "gone";

export interface OpenWatch {
  id: number;
  userId: number;
  telegramId: number;
  locale: string | null;
  constituencyId: number;
  constituencyName: string;
  places: number;
  /** When the request was made (again, after places were withdrawn): one notice per request. */
  createdAt: Date;
}

const KIND_ORDER = { STATION: 0, ELECTION_MEETING: 1, MOBILE_BOX: 2 } as const;

export class PollingService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
  ) {}

  constituencies(): Promise<ConstituencyChoice[]> {
    return currentConstituencies(this.prisma);
  }

  /** A constituency's polling places; null when the constituency does not exist (any more). */
  async forConstituency(constituencyId: number, userId?: number): Promise<PollingInfo | null> {
    const constituency = await constituencyById(this.prisma, constituencyId);
    if (!constituency) return null;
    const [election, places, area, watch] = await Promise.all([
      this.prisma.election.findUniqueOrThrow({ where: { id: constituency.electionId } }),
      this.prisma.pollingPlace.findMany({
        where: { constituencyId },
        orderBy: { id: "asc" },
        select: { id: true, kind: true, name: true, address: true, opensAt: true, closesAt: true, latitude: true, longitude: true, stepFree: true, accessibility: true },
      }),
      this.prisma.constituencyArea.findFirst({
        where: { constituencyId },
        orderBy: { areaId: "asc" },
        select: { area: { select: { level: true, name: true, parent: { select: { name: true, level: true } } } } },
      }),
      userId === undefined ? null : this.prisma.pollingPlaceWatch.findUnique({ where: { userId_constituencyId: { userId, constituencyId } }, select: { notifiedAt: true } }),
    ]);
    const a = area?.area;
    const township = a ? (a.level === "TOWNSHIP" ? a.name : a.parent?.level === "TOWNSHIP" ? a.parent.name : null) : null;
    return {
      constituency,
      election: toElectionView(election),
      places: places.sort((x, y) => KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || x.id - y.id),
      township,
      watching: !!watch && watch.notifiedAt === null,
    };
  }

  /** "Tell me when the polling places are published": one row per person and constituency. */
  async watch(userId: number, constituencyId: number): Promise<WatchResult> {
    const constituency = await constituencyById(this.prisma, constituencyId);
    if (!constituency) return "gone";
    if ((await this.prisma.pollingPlace.count({ where: { constituencyId, kind: { not: "MOBILE_BOX" } } })) > 0) return "published";
    const { count } = await this.prisma.pollingPlaceWatch.createMany({
      data: [{ userId, constituencyId, createdAt: this.clock.now() }],
      skipDuplicates: true,
    });
    if (count === 1) return "saved";
    // Told once already (notifiedAt set), then the places were withdrawn: watch again.
    const reopened = await this.prisma.pollingPlaceWatch.updateMany({
      where: { userId, constituencyId, notifiedAt: { not: null } },
      data: { notifiedAt: null, createdAt: this.clock.now() },
    });
    return reopened.count === 1 ? "saved" : "already";
  }

  async unwatch(userId: number, constituencyId: number): Promise<boolean> {
    const { count } = await this.prisma.pollingPlaceWatch.deleteMany({ where: { userId, constituencyId } });
    return count > 0;
  }

  /**
   * For the reminders job: open watches whose constituency now has a polling place (a station or
   * an election meeting), oldest first. Send, then markWatchNotified.
   */
  async publishedWatches(limit = 500): Promise<OpenWatch[]> {
    const rows = await this.prisma.pollingPlaceWatch.findMany({
      where: { notifiedAt: null, constituency: { pollingPlaces: { some: { kind: { not: "MOBILE_BOX" } } } } },
      include: {
        user: { select: { telegramId: true, locale: true, telegramLocale: true } },
        constituency: { select: { name: true, _count: { select: { pollingPlaces: true } } } },
      },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map((r) => ({
      id: r.id,
      userId: r.userId,
      telegramId: Number(r.user.telegramId),
      locale: outgoingLocale(r.user),
      constituencyId: r.constituencyId,
      constituencyName: r.constituency.name,
      places: r.constituency._count.pollingPlaces,
      createdAt: r.createdAt,
    }));
  }

  /** Marks a watch as told; false when another instance did first. */
  async markWatchNotified(id: number, at: Date = this.clock.now()): Promise<boolean> {
    const { count } = await this.prisma.pollingPlaceWatch.updateMany({ where: { id, notifiedAt: null }, data: { notifiedAt: at } });
    return count === 1;
  }
}
