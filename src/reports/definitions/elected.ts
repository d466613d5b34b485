// The structure of the elected (当选代表结构): women, ethnic minorities, party, education, age
// at election day and re-elected (连任), from the elected names of confirmed result sheets joined
// to their candidate records. A write-in (另选他人) has no record: counted as "unknown" in each
// breakdown, never guessed. Shares are of all elected.
import { Prisma } from "@prisma/client";
import { dateParts } from "../../domain/dates.js";
import type { ChartSpec } from "../render/chart.js";
import { column, emptyReport, inScope, pct, ratio } from "../scope.js";
import type { ReportContext, ReportData, ReportDefinition } from "../types.js";

interface ElectedRow {
  constituency: string;
  name: string;
  gender: string | null;
  ethnicity: string | null;
  party: string | null;
  education: string | null;
  birthYear: number | null;
  incumbent: boolean | null;
}

const HAN = new Set(["汉族", "汉", "漢族", "漢", "Han"]);
const AGE_BANDS = [
  { key: "upTo35", max: 35 },
  { key: "36to45", max: 45 },
  { key: "46to55", max: 55 },
  { key: "over55", max: Infinity },
] as const;

/** The Chinese Communist Party in 政治面貌 as imported ("中共党员", "中共预备党员", "中国共产党党员"). */
const isCpc = (party: string) => /中共|共产党|共產黨/.test(party);

async function query(ctx: ReportContext): Promise<ReportData> {
  const { t } = ctx;
  const structureColumns = [column(t, "category", "text"), column(t, "group", "text"), column(t, "count", "int"), column(t, "share", "percent")];
  if (!ctx.scope.election) return emptyReport(ctx, "reports.empty.no_election", structureColumns, "reports.sheet.elected_structure");
  const rows = await ctx.prisma.$queryRaw<ElectedRow[]>`
    SELECT DISTINCT ON (s."constituencyId", v.name) c.name AS constituency, v.name, k.gender, k.ethnicity, k.party, k.education, k."birthYear", k.incumbent
    FROM "ResultVote" v
    JOIN "ResultSheet" s ON s.id = v."sheetId"
    JOIN "Constituency" c ON c.id = s."constituencyId"
    LEFT JOIN "Candidate" k ON k.id = v."candidateId"
    WHERE v.elected AND s."electionId" = ${ctx.scope.election.id} AND s.status IN ('CONFIRMED', 'PUBLISHED')
      AND ${inScope(ctx, Prisma.sql`s."constituencyId"`)}
    ORDER BY s."constituencyId", v.name`;
  if (rows.length === 0) return emptyReport(ctx, "reports.empty.no_results", structureColumns, "reports.sheet.elected_structure");

  const total = rows.length;
  const unknown = t("reports.elected.unknown");
  const year = dateParts(ctx.scope.election.electionDay).year;
  const groups = new Map<string, Map<string, number>>();
  const add = (category: string, group: string) => {
    const g = groups.get(category) ?? new Map<string, number>();
    g.set(group, (g.get(group) ?? 0) + 1);
    groups.set(category, g);
  };
  let women = 0;
  let minorities = 0;
  let incumbents = 0;
  let nonCpc = 0;
  for (const r of rows) {
    const gender = r.gender?.trim();
    add("gender", gender === "F" ? t("reports.elected.female") : gender === "M" ? t("reports.elected.male") : unknown);
    if (gender === "F") women++;
    const ethnicity = r.ethnicity?.trim();
    add("ethnicity", !ethnicity ? unknown : HAN.has(ethnicity) ? t("reports.elected.han") : t("reports.elected.minority"));
    if (ethnicity && !HAN.has(ethnicity)) minorities++;
    const party = r.party?.trim();
    add("party", party || unknown);
    if (party && !isCpc(party)) nonCpc++;
    add("education", r.education?.trim() || unknown);
    const age = r.birthYear ? year - r.birthYear : null;
    add("age", age === null ? unknown : t(`reports.elected.age.${AGE_BANDS.find((b) => age <= b.max)!.key}`));
    add("incumbent", r.incumbent === null ? unknown : r.incumbent ? t("reports.elected.re_elected") : t("reports.elected.newly_elected"));
    if (r.incumbent) incumbents++;
  }
  const structure = [...groups.entries()].flatMap(([category, g]) =>
    [...g.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([group, count]) => ({ category: t(`reports.elected.category.${category}`), group, count, share: count / total })),
  );
  const ages = rows.filter((r) => r.birthYear).map((r) => year - r.birthYear!);
  const averageAge = ages.length > 0 ? Math.round((ages.reduce((s, a) => s + a, 0) / ages.length) * 10) / 10 : null;
  const shares = { women: women / total, minorities: minorities / total, nonCpc: nonCpc / total, reElected: incumbents / total };
  const chart: ChartSpec = {
    kind: "horizontal-bar",
    title: t("reports.elected.chart_title", { total }),
    labels: [t("reports.elected.female"), t("reports.elected.minority"), t("reports.elected.non_cpc"), t("reports.elected.re_elected")],
    series: [{ name: t("reports.col.share"), values: [shares.women, shares.minorities, shares.nonCpc, shares.reElected] }],
    unit: "percent",
    locale: ctx.locale,
  };
  return {
    empty: false,
    tables: [
      { name: t("reports.sheet.elected_structure"), columns: structureColumns, rows: structure, totals: { category: t("reports.total"), group: "", count: total, share: 1 } },
      {
        name: t("reports.sheet.elected_list"),
        columns: [
          column(t, "constituency", "text"),
          column(t, "name", "text"),
          column(t, "gender", "text"),
          column(t, "ethnicity", "text"),
          column(t, "party", "text"),
          column(t, "education", "text"),
          column(t, "birthYear", "int"),
          column(t, "incumbent", "text"),
        ],
        rows: rows.map((r) => ({
          constituency: r.constituency,
          name: r.name,
          gender: r.gender === "F" ? t("reports.elected.female") : r.gender === "M" ? t("reports.elected.male") : null,
          ethnicity: r.ethnicity,
          party: r.party,
          education: r.education,
          birthYear: r.birthYear,
          incumbent: r.incumbent === null ? null : r.incumbent ? t("reports.elected.re_elected") : t("reports.elected.newly_elected"),
        })),
      },
    ],
    chart,
    summary: [
      t("reports.elected.line1", { total, women: pct(ctx, shares.women), minorities: pct(ctx, shares.minorities), reElected: pct(ctx, shares.reElected) }),
      t("reports.elected.line2", { nonCpc: pct(ctx, shares.nonCpc), averageAge: averageAge ?? "—", writeIns: rows.filter((r) => r.gender === null).length }),
    ],
    headline: { elected: total, women: ratio(women, total), minorities: ratio(minorities, total), reElected: ratio(incumbents, total) },
  };
}

export const elected: ReportDefinition = { name: "elected", perElection: true, byArea: true, hasChart: true, query };
