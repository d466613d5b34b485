// The voter roll as a voter sees their own entry: look it up (full name + last 4 characters of the
// ID number), link the account to it, "am I registered?", and the offices to ask.
//
// Privacy: a look-up that does not match gives one answer, whatever the reason (no such name,
// wrong characters, another election): nobody learns whether someone else is on the roll. At most
// MAX_FAILURES failed look-ups per person per hour, counted in the database under a lock on the
// person's row, so the limit holds across instances and parallel updates. Look-ups for a proxy
// holder or a family member use the same limit (they are the same kind of question to the roll).
import type { Prisma, PrismaClient, RollStatus } from "@prisma/client";
import { nameVariants } from "../domain/roll-input.js";
import { fromDbDate, type LocalDate } from "../domain/dates.js";
import type { AreaService, PollingPlaceKind } from "./areas.js";
import type { ElectionView } from "./elections.js";
import { outgoingLocale } from "./users.js";

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 60 * 60_000;

export type { RollStatus };

export interface OfficeView {
  name: string;
  phone: string;
  address: string;
  hours: string;
  /** The township (or county) the office serves. */
  areaName: string;
}

export interface PlaceView {
  kind: PollingPlaceKind;
  name: string;
  address: string;
  opensAt: string;
  closesAt: string;
}

/** The voter's own roll entry, as /me shows it. */
export interface RegistrationView {
  entryId: number;
  fullName: string;
  voterNo: string;
  status: RollStatus;
  constituency: { id: number; name: string };
  voterGroup: { name: string; leaderName: string | null } | null;
  places: PlaceView[];
  /** 人户分离: registered where they live, household registration elsewhere. */
  awayFromHukou: boolean;
  awayForWork: boolean;
  /** Residence area (village/community) for offices and staff scopes. */
  residenceAreaId: number | null;
  birthDate: LocalDate;
}

/** A roll entry found by name + 4 characters for someone else (proxy holder, family member). */
export interface FoundVoter {
  entryId: number;
  fullName: string;
  constituencyId: number;
  listed: boolean;
}

export type LookupResult<T> =
  | { kind: "FOUND"; value: T }
  /** Same answer for "no such person" and "wrong characters". */
  | { kind: "NOT_FOUND"; triesLeft: number }
  /** Several entries share name and characters: the voter number tells them apart. */
  | { kind: "AMBIGUOUS" }
  | { kind: "LIMITED"; retryAt: Date }
  | { kind: "NO_ELECTION" };

export interface LinkOutcome {
  registration: RegistrationView;
  /** Another account was linked to this entry before and has been unlinked (tell it). */
  displacedTelegramId: number | null;
}

const ENTRY_INCLUDE = {
  constituency: { select: { id: true, name: true, pollingPlaces: { orderBy: { id: "asc" } } } },
  voterGroup: { select: { name: true, leaderName: true } },
} as const satisfies Prisma.RollEntryInclude;

type EntryRow = Prisma.RollEntryGetPayload<{ include: typeof ENTRY_INCLUDE }>;

function toRegistration(e: EntryRow): RegistrationView {
  return {
    entryId: e.id,
    fullName: e.fullName,
    voterNo: e.voterNo,
    status: e.status,
    constituency: { id: e.constituency.id, name: e.constituency.name },
    voterGroup: e.voterGroup ? { name: e.voterGroup.name, leaderName: e.voterGroup.leaderName } : null,
    places: e.constituency.pollingPlaces.map((p) => ({ kind: p.kind, name: p.name, address: p.address, opensAt: p.opensAt, closesAt: p.closesAt })),
    awayFromHukou: e.hukouAreaId !== null && e.residenceAreaId !== null && e.hukouAreaId !== e.residenceAreaId,
    awayForWork: e.awayForWork,
    residenceAreaId: e.residenceAreaId,
    birthDate: fromDbDate(e.birthDate),
  };
}

export class RollService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly areas: AreaService,
  ) {}

  /** The election voters are asked about: the county's latest. */
  async election(): Promise<ElectionView | null> {
    return (await this.areas.overview())?.election ?? null;
  }

  /** Links the account to its roll entry (name already normalised, last4 already parsed). */
  async link(userId: number, name: string, last4: string, now: Date, voterNo?: string): Promise<LookupResult<LinkOutcome>> {
    const election = await this.election();
    if (!election) return { kind: "NO_ELECTION" };
    return this.prisma.$transaction(async (tx) => {
      const found = await this.lookup(tx, userId, election.id, name, last4, now, voterNo);
      if (found.kind !== "FOUND") return found;
      const entry = found.value;
      const displaced = await tx.user.findMany({ where: { rollEntryId: entry.id, id: { not: userId } }, select: { id: true, telegramId: true } });
      if (displaced.length > 0)
        await tx.user.updateMany({ where: { id: { in: displaced.map((d) => d.id) } }, data: { rollEntryId: null, constituencyId: null } });
      await tx.user.update({ where: { id: userId }, data: { rollEntryId: entry.id, constituencyId: entry.constituencyId } });
      return {
        kind: "FOUND" as const,
        value: { registration: toRegistration(entry), displacedTelegramId: displaced[0] ? Number(displaced[0].telegramId) : null },
      };
    });
  }

  /** Someone else's entry in the current election (proxy holder, family member), under the same limit. */
  async findVoter(userId: number, name: string, last4: string, now: Date, voterNo?: string): Promise<LookupResult<FoundVoter>> {
    const election = await this.election();
    if (!election) return { kind: "NO_ELECTION" };
    return this.prisma.$transaction(async (tx) => {
      const found = await this.lookup(tx, userId, election.id, name, last4, now, voterNo);
      if (found.kind !== "FOUND") return found;
      const e = found.value;
      return { kind: "FOUND" as const, value: { entryId: e.id, fullName: e.fullName, constituencyId: e.constituencyId, listed: e.status === "LISTED" } };
    });
  }

  /** When the person may look up again (null: now), without trying. */
  async limitedUntil(userId: number, now: Date): Promise<Date | null> {
    const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
    const failures = await this.prisma.rollLookupFailure.findMany({ where: { userId, at: { gt: since } }, orderBy: { at: "asc" }, select: { at: true } });
    return failures.length >= MAX_FAILURES ? new Date(failures[failures.length - MAX_FAILURES]!.at.getTime() + FAILURE_WINDOW_MS) : null;
  }

  private async lookup(
    tx: Prisma.TransactionClient,
    userId: number,
    electionId: number,
    name: string,
    last4: string,
    now: Date,
    voterNo?: string,
  ): Promise<LookupResult<EntryRow>> {
    // One person's look-ups queue here (any instance): count and record cannot interleave.
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
    const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
    const failures = await tx.rollLookupFailure.findMany({ where: { userId, at: { gt: since } }, orderBy: { at: "asc" }, select: { at: true } });
    if (failures.length >= MAX_FAILURES)
      return { kind: "LIMITED", retryAt: new Date(failures[failures.length - MAX_FAILURES]!.at.getTime() + FAILURE_WINDOW_MS) };
    const matches = await tx.rollEntry.findMany({
      where: { electionId, fullName: { in: nameVariants(name) }, idLast4: last4, ...(voterNo ? { voterNo } : {}) },
      include: ENTRY_INCLUDE,
      orderBy: { id: "asc" },
      take: 5,
    });
    if (matches.length === 1) return { kind: "FOUND", value: matches[0]! };
    if (matches.length > 1) return { kind: "AMBIGUOUS" };
    await tx.rollLookupFailure.create({ data: { userId, at: now } });
    return { kind: "NOT_FOUND", triesLeft: MAX_FAILURES - failures.length - 1 };
  }

  async unlink(userId: number): Promise<void> {
    await this.prisma.user.update({ where: { id: userId }, data: { rollEntryId: null, constituencyId: null } });
  }

  /** The account's own entry, or null when it is not linked (or the entry was removed by an import). */
  async registration(userId: number): Promise<RegistrationView | null> {
    const user = await this.prisma.user.findUnique({ where: { id: userId }, select: { rollEntry: { include: ENTRY_INCLUDE } } });
    return user?.rollEntry ? toRegistration(user.rollEntry) : null;
  }

  /**
   * Offices to ask: the township's (of the given village/community or township) and the county's;
   * without an area, every office of the county (townships by code).
   */
  async offices(areaId?: number | null): Promise<OfficeView[]> {
    const rows = await this.prisma.electionOffice.findMany({
      include: { area: { select: { id: true, name: true, code: true, level: true, parentId: true } } },
      orderBy: [{ area: { code: "asc" } }, { id: "asc" }],
    });
    let wanted = rows;
    if (areaId != null) {
      const area = await this.prisma.adminArea.findUnique({ where: { id: areaId }, select: { id: true, parentId: true, level: true } });
      const township = area && (area.level === "VILLAGE" || area.level === "COMMUNITY") ? area.parentId : area?.id;
      const near = rows.filter((r) => r.area.id === township || r.area.level === "COUNTY");
      if (near.length > 0) wanted = near;
    }
    return wanted.map((r) => ({ name: r.name, phone: r.phone, address: r.address, hours: r.hours, areaName: r.area.name }));
  }

  /** The account linked to a roll entry (to tell a proxy holder), or null. */
  async accountOfEntry(entryId: number): Promise<{ userId: number; telegramId: number; locale: string | null } | null> {
    const u = await this.prisma.user.findFirst({ where: { rollEntryId: entryId }, select: { id: true, telegramId: true, locale: true, telegramLocale: true } });
    return u ? { userId: u.id, telegramId: Number(u.telegramId), locale: outgoingLocale(u) } : null;
  }
}
