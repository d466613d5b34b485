// bench/reports.ts — every staff report on a big county in PostgreSQL: the query (src/reports) and
// the file staff wait for (the XLSX, and the PNG chart where the report has one), timed per report.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/reports.ts [--runs 5]
//
// Data (set-based SQL, generate_series; a scratch database dropped at the end): the demo county
// grown to 20 townships × 10 villages and 200 constituencies; 500,000 roll entries (status mix,
// 人户分离, 外出务工, some 补登), formal candidates with meetings, a confirmed first-round result
// sheet per constituency with its parts and votes, 400 delegates with activities, 50,000
// suggestions over ten departments with their recipients, 20,000 users, 5,000 voter requests,
// 200,000 FAQ answer rows, 30 broadcasts with 300,000 deliveries and 1,000,000 conversation-log
// rows. Then each report runs `--runs` times (default 5) after one warm-up, for the whole county
// and for one township; the table shows medians. Target: each report under 2 s. Never in npm test.
import { loadavg } from "node:os";
import pg from "pg";
import { createI18n, createTranslators } from "../src/bot/i18n.js";
import { openDatabase } from "../src/db/database.js";
import { seedDemo } from "../src/db/seed/seed.js";
import { parseLocalDate } from "../src/domain/dates.js";
import { REPORT_NAMES, REPORTS, runReport, toPng, toXlsx, type ReportName } from "../src/reports/index.js";

const ROLL = Number(process.env.BENCH_ROLL ?? 500_000);
const CONSTITUENCIES = 200;
const SUGGESTIONS = Number(process.env.BENCH_SUGGESTIONS ?? 50_000);
const LOG_ROWS = Number(process.env.BENCH_LOG_ROWS ?? 1_000_000);
const runsArg = process.argv.indexOf("--runs");
const RUNS = Math.max(3, Number(runsArg > 0 ? process.argv[runsArg + 1] : (process.env.BENCH_RUNS ?? 5)));
const TARGET_MS = 2000;
const TZ = "Asia/Shanghai";
const NOW = new Date("2026-12-20T02:00:00Z");
const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function withDb(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function generate(sql: (q: string) => Promise<unknown>) {
  // Areas: 20 townships (the demo's two plus 18) with 10 villages each under the demo county.
  await sql(`
    INSERT INTO "AdminArea" (code, name, level, "parentId")
    SELECT '999901' || lpad((100 + g)::text, 3, '0'), '测试乡' || g, 'TOWNSHIP', (SELECT id FROM "AdminArea" WHERE code = '999901')
    FROM generate_series(1, 18) g`);
  await sql(`
    INSERT INTO "AdminArea" (code, name, level, "parentId")
    SELECT t.code || lpad((200 + v)::text, 3, '0'), t.name || '测试村' || v, 'VILLAGE', t.id
    FROM "AdminArea" t CROSS JOIN generate_series(1, 10) v WHERE t.level = 'TOWNSHIP' AND t.code LIKE '9999011%'`);
  // 200 constituencies in all, each drawn from one village of the new townships.
  await sql(`
    INSERT INTO "Constituency" ("electionId", code, name, seats, basis, "workUnits")
    SELECT (SELECT id FROM "Election" LIMIT 1), 'B' || lpad(g::text, 3, '0'), '测试选区' || g, 1 + g % 3, 'RESIDENCE', '{}'
    FROM generate_series(1, ${CONSTITUENCIES} - (SELECT count(*) FROM "Constituency")) g`);
  await sql(`
    INSERT INTO "ConstituencyArea" ("constituencyId", "areaId")
    SELECT c.id, v.id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM "Constituency" WHERE code LIKE 'B%') c
    JOIN (SELECT id, row_number() OVER (ORDER BY code) AS n FROM "AdminArea" WHERE level = 'VILLAGE' AND code LIKE '9999011%') v ON v.n = c.n`);
  // The roll: 95 % listed, 2 % removed, 2 % not listed, 1 % suspended; 8 % 人户分离, 5 % 外出务工; 2 % stored after publication.
  await sql(`
    WITH c AS (SELECT id, "electionId", row_number() OVER (ORDER BY id) - 1 AS n, count(*) OVER () AS total FROM "Constituency"),
         a AS (SELECT array_agg(id ORDER BY id) AS ids FROM "AdminArea" WHERE level IN ('VILLAGE', 'COMMUNITY'))
    INSERT INTO "RollEntry" ("electionId", "constituencyId", "voterNo", "fullName", "idLast4", "birthDate", gender, "hukouAreaId", "residenceAreaId", "awayForWork", status, "createdAt")
    SELECT c."electionId", c.id, 'X' || g, '测试选民' || g, lpad((g % 10000)::text, 4, '0'), DATE '1950-01-01' + (g % 20000),
           CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END,
           a.ids[1 + g % array_length(a.ids, 1)], a.ids[1 + (g + CASE WHEN g % 100 < 8 THEN 1 ELSE 0 END) % array_length(a.ids, 1)],
           g % 100 >= 95,
           (CASE WHEN g % 100 < 95 THEN 'LISTED' WHEN g % 100 < 97 THEN 'REMOVED' WHEN g % 100 < 99 THEN 'NOT_LISTED' ELSE 'SUSPENDED' END)::"RollStatus",
           CASE WHEN g % 50 = 0 THEN TIMESTAMP '2026-12-01 03:00' ELSE TIMESTAMP '2026-10-01 03:00' END
    FROM generate_series(1, ${ROLL}) g CROSS JOIN a JOIN c ON c.n = g % c.total`);
  // Candidates: seats + 1 formal per new constituency, 2 meetings each (held), attendance reported for most.
  await sql(`
    INSERT INTO "Candidate" ("constituencyId", "fullName", gender, "birthYear", occupation, bio, "nominationKind", "nominatedBy", "listStage", ethnicity, party, education, incumbent)
    SELECT c.id, c.name || '候选人' || k, CASE WHEN k % 3 = 0 THEN 'F' ELSE 'M' END, 1960 + (c.id * 7 + k) % 35, '职业', '简介',
           'PARTY_OR_ORGANISATION', '推荐单位', 'FORMAL', CASE WHEN (c.id + k) % 12 = 0 THEN '回族' ELSE '汉族' END,
           CASE WHEN k % 4 = 0 THEN '群众' ELSE '中共党员' END, (ARRAY['高中', '大专', '本科', '研究生'])[1 + (c.id + k) % 4], (c.id + k) % 3 = 0
    FROM "Constituency" c CROSS JOIN generate_series(1, 4) k WHERE c.code LIKE 'B%' AND k <= c.seats + 1`);
  await sql(`
    INSERT INTO "CandidateMeeting" ("candidateId", "startsAt", place, attendance)
    SELECT k.id, TIMESTAMPTZ '2026-12-01 02:00+00' + (m || ' days')::interval, '村委会', CASE WHEN (k.id + m) % 5 = 0 THEN NULL ELSE 40 + (k.id * m) % 80 END
    FROM "Candidate" k CROSS JOIN generate_series(1, 2) m`);
  // A confirmed first round per constituency: most fill their seats, some leave one for a further election.
  await sql(`
    INSERT INTO "ResultSheet" ("electionId", "constituencyId", round, "roundNo", seats, registered, voted, returned, "validBallots", "invalidBallots", "proxyVotes", status, outcome, "confirmedAt", "updatedAt")
    SELECT c."electionId", c.id, 'FIRST', 1, c.seats, r.n, (r.n * 0.93)::int, (r.n * 0.93)::int, (r.n * 0.92)::int, (r.n * 0.93)::int - (r.n * 0.92)::int, (r.n * 0.02)::int,
           'CONFIRMED', jsonb_build_object('valid', true, 'elected', '[]'::jsonb), now(), now()
    FROM "Constituency" c JOIN (SELECT "constituencyId", count(*) AS n FROM "RollEntry" WHERE status <> 'REMOVED' GROUP BY 1) r ON r."constituencyId" = c.id`);
  await sql(`
    INSERT INTO "ResultPart" ("sheetId", "placeKind", label, voted, returned, "validBallots", "invalidBallots", "proxyVotes")
    SELECT s.id, k.kind::"PollingPlaceKind", k.kind, (s.voted * k.share)::int, (s.voted * k.share)::int, (s."validBallots" * k.share)::int, 0, 0
    FROM "ResultSheet" s CROSS JOIN (VALUES ('STATION', 0.7), ('ELECTION_MEETING', 0.2), ('MOBILE_BOX', 0.1)) k(kind, share)`);
  await sql(`
    INSERT INTO "ResultVote" ("sheetId", "candidateId", name, votes, elected)
    SELECT s.id, k.id, k."fullName", (s.voted * (0.8 - 0.1 * k.rank))::int, k.rank <= s.seats - CASE WHEN s.id % 7 = 0 THEN 1 ELSE 0 END
    FROM "ResultSheet" s JOIN (SELECT id, "constituencyId", "fullName", row_number() OVER (PARTITION BY "constituencyId" ORDER BY id) AS rank FROM "Candidate") k
      ON k."constituencyId" = s."constituencyId"`);
  await sql(`
    UPDATE "ResultSheet" s SET outcome = jsonb_build_object('valid', true, 'elected', v.names)
      || CASE WHEN s.id % 7 = 0 THEN jsonb_build_object('furtherElection', jsonb_build_object('seats', 1, 'candidates', '[]'::jsonb)) ELSE '{}'::jsonb END
    FROM (SELECT "sheetId", jsonb_agg(name) AS names FROM "ResultVote" WHERE elected GROUP BY 1) v WHERE v."sheetId" = s.id`);
  // Delegates: two per new constituency, 20 activities and a report-back each.
  await sql(`
    INSERT INTO "Delegate" ("fullName", level, "constituencyId", "termStart", "termEnd")
    SELECT c.name || '代表' || k, 'COUNTY', c.id, DATE '2021-12-28', DATE '2026-12-27' FROM "Constituency" c CROSS JOIN generate_series(1, 2) k WHERE c.code LIKE 'B%'`);
  await sql(`
    INSERT INTO "DelegateActivity" ("delegateId", kind, "on", place)
    SELECT d.id, (ARRAY['MEETING', 'VISIT', 'INSPECTION', 'SURVEY', 'RECEPTION'])[1 + (d.id + k) % 5]::"DelegateActivityKind", DATE '2022-01-01' + (d.id * k) % 1700, '某地'
    FROM "Delegate" d CROSS JOIN generate_series(1, 20) k`);
  await sql(`INSERT INTO "DelegateReport" ("delegateId", title, body, "publishedAt") SELECT id, '述职', '内容', now() FROM "Delegate"`);
  // Users (voters who use the bot) for deliveries, requests and FAQ rows.
  await sql(`
    INSERT INTO "User" ("telegramId", "firstName", "constituencyId", "unreachableAt")
    SELECT 7000000000 + g, '用户' || g, (SELECT id FROM "Constituency" ORDER BY id LIMIT 1 OFFSET g % ${CONSTITUENCIES}), CASE WHEN g % 25 = 0 THEN now() END
    FROM generate_series(1, 20000) g`);
  // 50,000 suggestions over ten departments.
  await sql(`INSERT INTO "Department" (code, name) SELECT 'D' || g, '承办单位' || g FROM generate_series(1, 10) g`);
  await sql(`
    WITH c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n, count(*) OVER () AS total FROM "Constituency"),
         g AS (SELECT g, (hashint4(g)::bigint & 2147483647) AS h FROM generate_series(1, ${SUGGESTIONS}) g),
         s AS (SELECT g.g, g.h, c.id AS cid, DATE '2022-01-01' + (g.h % 1800)::int AS submitted,
                      CASE WHEN g.h % 100 < 50 THEN 'CLOSED' WHEN g.h % 100 < 60 THEN 'RATED' WHEN g.h % 100 < 70 THEN 'ANSWERED'
                           WHEN g.h % 100 < 82 THEN 'ASSIGNED' WHEN g.h % 100 < 90 THEN 'ACKNOWLEDGED' ELSE 'SUBMITTED' END AS status
               FROM g JOIN c ON c.n = g.h % c.total)
    INSERT INTO "Suggestion" ("trackingNo", "idempotencyKey", "constituencyId", text, status, "submittedAt", "submittedOn", "departmentId",
                              "assignedOn", deadline, "firstAssignedAnswerOn", "firstAnsweredOn", rating)
    SELECT 'JY-B-' || g, 'b' || g, cid, '测试建议', status::"SuggestionStatus", submitted + time '09:00', submitted,
           CASE WHEN status IN ('CLOSED', 'RATED', 'ANSWERED', 'ASSIGNED') AND h % 7 < 5 THEN (SELECT id FROM "Department" ORDER BY id LIMIT 1 OFFSET h % 10) END,
           CASE WHEN status IN ('CLOSED', 'RATED', 'ANSWERED', 'ASSIGNED') AND h % 7 < 5 THEN submitted + 5 END,
           CASE WHEN status IN ('CLOSED', 'RATED', 'ANSWERED', 'ASSIGNED') AND h % 7 < 5 THEN submitted + 5 + 90 END,
           CASE WHEN status IN ('CLOSED', 'RATED', 'ANSWERED') AND h % 7 < 5 THEN submitted + 5 + (h % 120)::int END,
           CASE WHEN status IN ('CLOSED', 'RATED', 'ANSWERED') THEN submitted + 5 + (h % 120)::int END,
           CASE WHEN status IN ('CLOSED', 'RATED') THEN (ARRAY['SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED'])[1 + h % 3]::"SuggestionRating" END
    FROM s`);
  await sql(`
    INSERT INTO "SuggestionRecipient" ("suggestionId", "delegateId", status, "submittedAt")
    SELECT s.id, d.id, s.status, s."submittedAt" FROM "Suggestion" s JOIN "Delegate" d ON d."constituencyId" = s."constituencyId"`);
  // Voter requests: objections and questions, some open past their date.
  await sql(`
    INSERT INTO "VoterRequest" ("trackingNo", kind, status, "userId", locale, "electionId", "constituencyId", details, "dueOn", "createdAt")
    SELECT 'WT-B-' || g, (CASE WHEN g % 2 = 0 THEN 'OBJECTION' ELSE 'QUESTION' END)::"VoterRequestKind",
           (CASE WHEN g % 10 < 6 THEN (CASE WHEN g % 2 = 0 THEN 'APPROVED' ELSE 'ANSWERED' END) WHEN g % 10 < 8 THEN 'REJECTED' ELSE 'OPEN' END)::"VoterRequestStatus",
           u.id, 'zh-CN', (SELECT id FROM "Election" LIMIT 1), u."constituencyId", '内容', DATE '2026-12-01' + g % 30, TIMESTAMP '2026-11-20 02:00' + (g || ' minutes')::interval
    FROM generate_series(1, 5000) g JOIN "User" u ON u."telegramId" = 7000000000 + 1 + g`);
  // FAQ answers shown (with 👍/👎 on some) and the conversation log.
  await sql(`
    WITH k AS (SELECT array_agg(key ORDER BY key) AS keys FROM "FaqEntry" WHERE locale = 'zh-CN' AND key IS NOT NULL)
    INSERT INTO "FaqFeedback" ("entryKey", locale, source, helpful, "shownAt")
    SELECT k.keys[1 + g % array_length(k.keys, 1)], 'zh-CN', (ARRAY['search', 'suggestion', 'topic'])[1 + g % 3],
           CASE WHEN g % 4 = 0 THEN g % 5 <> 0 END, TIMESTAMP '2026-09-01' + (g || ' seconds')::interval
    FROM generate_series(1, 200000) g CROSS JOIN k`);
  await sql(`
    INSERT INTO "ConversationLog" (at, "chatId", "telegramId", direction, kind, text, locale, feature)
    SELECT TIMESTAMP '2026-09-01' + (g * 7 || ' seconds')::interval, 7000000000 + g % 20000, 7000000000 + g % 20000,
           (CASE WHEN g % 2 = 0 THEN 'IN' ELSE 'OUT' END)::"Direction", CASE WHEN g % 2 = 0 THEN 'message:text' ELSE 'sendMessage' END,
           CASE WHEN g % 2 = 0 THEN '代投怎么办理' ELSE '委托投票需要……' END, 'zh-CN',
           (ARRAY['faq', 'faq', 'faq', 'menu', 'suggest', 'vote'])[1 + (g / 2) % 6]
    FROM generate_series(1, ${LOG_ROWS}) g`);
  // 30 broadcasts to 10,000 people each.
  await sql(`
    INSERT INTO "Broadcast" (key, kind, status, text, total, "createdAt")
    SELECT 'bench-' || g, (CASE WHEN g % 3 = 0 THEN 'REMINDER' ELSE 'ANNOUNCEMENT' END)::"BroadcastKind", 'DONE', '通知第' || g || '号', 10000, TIMESTAMP '2026-10-01' + (g || ' days')::interval
    FROM generate_series(1, 30) g`);
  await sql(`
    INSERT INTO "Delivery" ("broadcastId", "userId", "chatId", status)
    SELECT b.id, u.id, u."telegramId", (CASE WHEN u."unreachableAt" IS NOT NULL THEN 'UNREACHABLE' WHEN (u.id + b.id) % 200 = 0 THEN 'FAILED' ELSE 'SENT' END)::"DeliveryStatus"
    FROM "Broadcast" b JOIN LATERAL (SELECT id, "telegramId", "unreachableAt" FROM "User" WHERE "telegramId" > 7000000000 ORDER BY id OFFSET (b.id * 311) % 10000 LIMIT 10000) u ON TRUE`);
  await sql(`ANALYZE`);
}

async function main() {
  const name = `voterlink_bench_rp_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const load = loadavg().map((l) => l.toFixed(2)).join(" / ");
  const db = await openDatabase({ kind: "postgres", url: withDb(serverUrl, name), poolSize: 4 }, { migrate: true });
  try {
    await seedDemo(db.prisma, { today: parseLocalDate("2026-11-27") });
    const t0 = performance.now();
    await generate((q) => db.prisma.$executeRawUnsafe(q));
    const genSeconds = (performance.now() - t0) / 1000;
    const counts = (await db.prisma.$queryRawUnsafe<Record<string, bigint>[]>(`
      SELECT (SELECT count(*) FROM "RollEntry") roll, (SELECT count(*) FROM "Constituency") constituencies,
             (SELECT count(*) FROM "Suggestion") suggestions, (SELECT count(*) FROM "ConversationLog") log,
             (SELECT count(*) FROM "Delivery") deliveries, (SELECT count(*) FROM "FaqFeedback") faq`))[0]!;

    const t = createTranslators(createI18n("zh-CN"))("zh-CN");
    const township = "999901101"; // one of the generated townships: 10 villages, 10 constituencies
    const rows: { report: ReportName; area: string; query: number; xlsx: number; png: number | null; total: number; rows: number }[] = [];
    for (const report of REPORT_NAMES) {
      // Questions and broadcasts are county-wide: no township pass.
      for (const areaCode of REPORTS[report].byArea ? [undefined, township] : [undefined]) {
        const samples: { query: number; xlsx: number; png: number | null; rows: number }[] = [];
        for (let i = 0; i <= RUNS; i++) {
          const a = performance.now();
          const r = await runReport(db.prisma, report, { areaCode }, { t, locale: "zh-CN", now: NOW, timeZone: TZ });
          if (!r.ok) throw new Error(`${report}: ${r.error}`);
          const b = performance.now();
          await toXlsx(r.run, TZ);
          const c = performance.now();
          const png = await toPng(r.run);
          const d = performance.now();
          if (r.run.data.empty) throw new Error(`${report}: empty on the bench data (${r.run.data.reason})`);
          if (i > 0) samples.push({ query: b - a, xlsx: c - b, png: png ? d - c : null, rows: r.run.data.tables.reduce((s, x) => s + x.rows.length, 0) });
        }
        const pngs = samples.map((s) => s.png).filter((v): v is number => v !== null);
        rows.push({
          report,
          area: areaCode ? `township ${areaCode}` : "county",
          query: median(samples.map((s) => s.query)),
          xlsx: median(samples.map((s) => s.xlsx)),
          png: pngs.length ? median(pngs) : null,
          total: median(samples.map((s) => s.query + s.xlsx + (s.png ?? 0))),
          rows: samples[0]!.rows,
        });
      }
    }
    const f = (n: bigint | undefined) => Number(n ?? 0).toLocaleString("en-US");
    console.log(
      `\nbench/reports: PostgreSQL, ${f(counts.roll)} roll entries, ${f(counts.constituencies)} constituencies, ${f(counts.suggestions)} suggestions, ` +
        `${f(counts.log)} conversation-log rows, ${f(counts.faq)} FAQ answer rows, ${f(counts.deliveries)} deliveries; generated in ${genSeconds.toFixed(1)} s; ` +
        `median of ${RUNS} runs after a warm-up; load average at start ${load}\n`,
    );
    console.log("| report | area | table rows | query ms | XLSX ms | PNG ms | total ms | target | met |");
    console.log("|---|---|---:|---:|---:|---:|---:|---|---|");
    for (const r of rows)
      console.log(`| ${r.report} | ${r.area} | ${r.rows.toLocaleString("en-US")} | ${r.query.toFixed(0)} | ${r.xlsx.toFixed(0)} | ${r.png === null ? "—" : r.png.toFixed(0)} | ${r.total.toFixed(0)} | < ${TARGET_MS} ms | ${r.total < TARGET_MS ? "yes" : "no"} |`);
    console.log(`\nload average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" / ")}`);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

await main();
