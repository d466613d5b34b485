// The weekly bulletin (换届选举简报) to election staff: the week's figures (suggestions received
// and answered, questions, requests, broadcasts), what is overdue, and the headline figures the
// staff are judged on (shared/domain/seed-work-summaries.txt: registration, 参选率, 一次成功率,
// 与选民见面率, the structure of the elected, suggestions answered on time and satisfaction),
// computed by the same report definitions /report uses.
//
// Once across instances: a run claims its week with a JobRun row (INSERT … ON CONFLICT DO NOTHING),
// and the deliveries go through the outbox under one broadcast key per week, so neither two
// instances nor a re-run queue anyone twice. The text is rendered per recipient at send time, in
// their language (bot/bulletin-text.ts); each staff member gets the figures of their own area.
import { Prisma, type PrismaClient } from "@prisma/client";
import { addDays, dateParts, toLocalDate, type LocalDate } from "../domain/dates.js";
import { instantAt } from "../domain/zoned-time.js";
import { runReport, type ReportName, type Translate } from "../reports/index.js";
import type { OutboxService } from "./outbox.js";

export interface BulletinPayload {
  /** The area the figures cover (null: the county, named by `areaName`). */
  areaCode: string | null;
  areaName: string;
  /** The seven county days the week's figures cover, inclusive. */
  from: LocalDate;
  to: LocalDate;
  week: { suggestions: number; answered: number; questions: number; requests: number; broadcasts: number };
  overdue: { suggestions: number; requests: number };
  /** Ratios 0–1; null: not known yet (nothing entered). */
  headline: {
    registered: number | null;
    added: number | null;
    removed: number | null;
    turnout: number | null;
    firstRoundSuccess: number | null;
    candidatesMetVoters: number | null;
    women: number | null;
    minorities: number | null;
    reElected: number | null;
    suggestionsInTime: number | null;
    satisfaction: number | null;
  };
}

/** The Monday of `day`'s week: the slot a bulletin is claimed for. */
export function bulletinWeek(day: LocalDate): LocalDate {
  return addDays(day, -((dateParts(day).weekday + 6) % 7));
}

/** The headline figures need no words: the definitions run with the keys as text. */
const keysOnly: Translate = (key) => key;

const HEADLINE_REPORTS: readonly ReportName[] = ["registration", "turnout", "first-round", "candidates", "elected", "suggestions"];

export class BulletinService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly outbox: OutboxService,
    private readonly timeZone: string,
  ) {}

  /** The bulletin's figures for the county (areaCode null) or one area, for the week before `now`'s day. */
  async compose(areaCode: string | null, now: Date): Promise<BulletinPayload | null> {
    const today = toLocalDate(now, this.timeZone);
    const from = addDays(today, -7);
    const to = addDays(today, -1);
    const headline: Record<string, number | null> = {};
    let scope: { areaName: string; constituencyIds: number[] | null } | null = null;
    for (const name of HEADLINE_REPORTS) {
      const r = await runReport(this.prisma, name, { areaCode: areaCode ?? undefined }, { t: keysOnly, locale: "zh-CN", now, timeZone: this.timeZone });
      if (!r.ok) return null;
      Object.assign(headline, r.run.data.headline);
      if (name === "suggestions") scope = { areaName: r.run.scope.area?.name ?? "", constituencyIds: r.run.scope.constituencyIds };
    }
    const inScope = (column: Prisma.Sql) =>
      scope?.constituencyIds == null ? Prisma.sql`TRUE` : Prisma.sql`${column} = ANY(${scope.constituencyIds}::int[])`;
    const start = new Date(`${from}T00:00:00Z`);
    const end = new Date(`${today}T00:00:00Z`);
    // The week as instants: from the county's midnight starting `from` to the one starting today.
    const [startAt, endAt] = [instantAt(from, 0, this.timeZone), instantAt(today, 0, this.timeZone)];
    const [[s], [q], [r], [b]] = await Promise.all([
      this.prisma.$queryRaw<{ received: bigint; answered: bigint }[]>`
        SELECT count(*) FILTER (WHERE "submittedOn" >= ${start}::date AND "submittedOn" < ${end}::date) AS received,
               count(*) FILTER (WHERE "firstAnsweredOn" >= ${start}::date AND "firstAnsweredOn" < ${end}::date) AS answered
        FROM "Suggestion" WHERE ${inScope(Prisma.sql`"constituencyId"`)}`,
      this.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM "ConversationLog"
        WHERE at >= ${startAt} AND at < ${endAt} AND feature = 'faq' AND direction = 'IN' AND kind = 'message:text' AND text NOT LIKE '/%'`,
      this.prisma.$queryRaw<{ filed: bigint; overdue: bigint }[]>`
        SELECT count(*) FILTER (WHERE "createdAt" >= ${startAt} AND "createdAt" < ${endAt}) AS filed,
               count(*) FILTER (WHERE status = 'OPEN' AND "dueOn" < ${end}::date) AS overdue
        FROM "VoterRequest" WHERE ${inScope(Prisma.sql`"constituencyId"`)}`,
      this.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM "Broadcast" WHERE "createdAt" >= ${startAt} AND "createdAt" < ${endAt} AND kind <> 'BULLETIN'`,
    ]);
    const n = (v: bigint | undefined) => Number(v ?? 0);
    const h = (k: string) => headline[k] ?? null;
    return {
      areaCode,
      areaName: scope?.areaName ?? "",
      from,
      to,
      week: { suggestions: n(s?.received), answered: n(s?.answered), questions: n(q?.n), requests: n(r?.filed), broadcasts: n(b?.n) },
      overdue: { suggestions: h("suggestionsOverdue") ?? 0, requests: n(r?.overdue) },
      headline: {
        registered: h("registered"),
        added: h("added"),
        removed: h("removed"),
        turnout: h("turnout"),
        firstRoundSuccess: h("firstRoundSuccess"),
        candidatesMetVoters: h("candidatesMetVoters"),
        women: h("women"),
        minorities: h("minorities"),
        reElected: h("reElected"),
        suggestionsInTime: h("suggestionsInTime"),
        satisfaction: h("satisfaction"),
      },
    };
  }

  /**
   * This week's bulletin to every reachable staff member and admin, if no instance has claimed the
   * week yet. Returns whether this call had the claim and how many deliveries it queued.
   */
  async send(now: Date, instanceId: string): Promise<{ claimed: boolean; queued: number }> {
    const week = bulletinWeek(toLocalDate(now, this.timeZone));
    const claimed = await this.prisma.$executeRaw`
      INSERT INTO "JobRun" (job, slot, "claimedBy", "claimedAt") VALUES ('bulletin', ${week}, ${instanceId}, ${now})
      ON CONFLICT DO NOTHING`;
    if (claimed === 0) return { claimed: false, queued: 0 };
    const staff = await this.prisma.user.findMany({
      where: { role: { in: ["STAFF", "ADMIN"] }, unreachableAt: null },
      select: { id: true, telegramId: true, role: true, scopeArea: { select: { code: true, level: true } } },
      orderBy: { id: "asc" },
    });
    // One bulletin per area staff act for: the county (admins, county staff) or their township.
    const byArea = new Map<string | null, typeof staff>();
    for (const u of staff) {
      const code = u.role === "STAFF" && u.scopeArea && u.scopeArea.level !== "COUNTY" ? u.scopeArea.code : null;
      byArea.set(code, [...(byArea.get(code) ?? []), u]);
    }
    let queued = 0;
    for (const [code, users] of byArea) {
      const payload = await this.compose(code, now);
      if (!payload) continue; // nothing imported yet (no county) or the area is gone
      const ids = await this.outbox.enqueue({
        key: `bulletin:${week}`,
        kind: "BULLETIN",
        text: `换届选举简报 ${payload.from} – ${payload.to}`,
        now,
        items: users.map((u) => ({ userId: u.id, chatId: Number(u.telegramId), payload, notBefore: now })),
      });
      queued += ids.size;
    }
    await this.prisma.jobRun.update({ where: { job_slot: { job: "bulletin", slot: week } }, data: { finishedAt: new Date() } });
    return { claimed: true, queued };
  }
}
