// Candidates per constituency: formal (正式) and preliminary (初步) counts against the seats, the
// lawful range of 选举法 31 (checkCandidateCount: more than the seats by a third, at most double),
// and 与选民见面 (选举法 33): meetings held so far, how many candidates met voters, and the
// attendance staff reported. 与选民见面率 = formal candidates with a meeting held / formal candidates.
import { Prisma } from "@prisma/client";
import { checkCandidateCount, checkSeats } from "../../domain/candidate-rules.js";
import { column, emptyReport, inScope, num, pct, ratio, totalsRow } from "../scope.js";
import type { ReportContext, ReportData, ReportDefinition } from "../types.js";

const COUNTS = ["seats", "formal", "preliminary", "meetingsHeld", "candidatesMet", "attendance"] as const;

async function query(ctx: ReportContext): Promise<ReportData> {
  const { t } = ctx;
  const columns = [
    column(t, "constituency", "text"),
    column(t, "seats", "int"),
    column(t, "formal", "int"),
    column(t, "lawfulRange", "text"),
    column(t, "ratioCheck", "text"),
    column(t, "preliminary", "int"),
    column(t, "meetingsHeld", "int"),
    column(t, "candidatesMet", "int"),
    column(t, "meetRate", "percent"),
    column(t, "attendance", "int"),
  ];
  if (!ctx.scope.election) return emptyReport(ctx, "reports.empty.no_election", columns, "reports.sheet.candidates");
  const rows = await ctx.prisma.$queryRaw<Record<string, unknown>[]>`
    SELECT c.name AS constituency, c.seats,
           count(DISTINCT k.id) FILTER (WHERE k."listStage" = 'FORMAL') AS formal,
           count(DISTINCT k.id) FILTER (WHERE k."listStage" = 'PRELIMINARY') AS preliminary,
           count(DISTINCT m.id) AS "meetingsHeld",
           count(DISTINCT m."candidateId") FILTER (WHERE k."listStage" = 'FORMAL') AS "candidatesMet",
           sum(m.attendance) AS attendance,
           count(m.id) FILTER (WHERE m.attendance IS NULL) AS "attendanceMissing"
    FROM "Constituency" c
    LEFT JOIN "Candidate" k ON k."constituencyId" = c.id
    LEFT JOIN "CandidateMeeting" m ON m."candidateId" = k.id AND m."startsAt" <= ${ctx.now}
    WHERE c."electionId" = ${ctx.scope.election.id} AND ${inScope(ctx, Prisma.sql`c.id`)}
    GROUP BY c.id ORDER BY c.code`;
  let outOfRange = 0;
  let attendanceMissing = 0;
  const table = rows.map((r) => {
    const seats = num(r.seats);
    const formal = num(r.formal);
    attendanceMissing += num(r.attendanceMissing);
    let range = "—";
    let check = t("reports.candidates.check.seats_invalid");
    if (checkSeats(seats) === "OK") {
      const c = checkCandidateCount(seats, formal);
      range = `${c.min}–${c.max}`;
      check = formal === 0 ? t("reports.candidates.check.none") : t(`reports.candidates.check.${c.status}`);
      if (formal > 0 && c.status !== "OK") outOfRange++;
    }
    return {
      constituency: String(r.constituency),
      seats,
      formal,
      lawfulRange: range,
      ratioCheck: check,
      preliminary: num(r.preliminary),
      meetingsHeld: num(r.meetingsHeld),
      candidatesMet: num(r.candidatesMet),
      meetRate: ratio(num(r.candidatesMet), formal),
      // Attendance of meetings nobody reported is unknown, not zero.
      attendance: r.attendance === null ? null : num(r.attendance),
    };
  });
  const totals: Record<string, number | string | null> = totalsRow(t, table, "constituency", COUNTS);
  const n = (k: string) => num(totals[k]);
  if (n("formal") + n("preliminary") === 0) return emptyReport(ctx, "reports.empty.no_candidates", columns, "reports.sheet.candidates");
  totals.meetRate = ratio(n("candidatesMet"), n("formal"));
  totals.ratioCheck = t("reports.candidates.total_check", { count: outOfRange });
  return {
    empty: false,
    tables: [{ name: t("reports.sheet.candidates"), columns, rows: table, totals }],
    summary: [
      t("reports.candidates.line1", { formal: n("formal"), seats: n("seats"), preliminary: n("preliminary"), outOfRange }),
      t("reports.candidates.line2", { meetings: n("meetingsHeld"), rate: pct(ctx, totals.meetRate), attendance: n("attendance") }),
    ],
    headline: { candidatesMetVoters: ratio(n("candidatesMet"), n("formal")), formalCandidates: n("formal"), constituenciesOutOfRange: outOfRange },
    notes: attendanceMissing > 0 ? [t("reports.candidates.note_attendance", { count: attendanceMissing })] : [],
  };
}

export const candidates: ReportDefinition = { name: "candidates", perElection: true, byArea: true, hasChart: false, query };
