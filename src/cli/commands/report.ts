// voterlink report — writes one staff report as a file (XLSX by default, CSV, or the PNG chart)
// into --out (default: the current folder) and prints the file's path. The figures are the ones
// /report sends in chat (src/reports), in the bot's default language (DEFAULT_LOCALE).
// A report with nothing to count yet is still written (its note says why) and the reason goes to
// stderr: an empty report is an answer, not a failure.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createI18n, createTranslators } from "../../bot/i18n.js";
import { REPORT_FORMATS, REPORT_NAMES, REPORTS, isReportName, reportFileName, runReport, toCsv, toPng, toXlsx, type ReportFormat, type ScopeError } from "../../reports/index.js";
import { CommandFailed, UsageError, defineCommand } from "../command.js";

const SCOPE_ERRORS: Record<ScopeError, string> = {
  no_county: "no county has been imported yet, so there is nothing to report (import or seed first)",
  unknown_election: "there is no election with that id",
  unknown_area: "no area has that code (a 6-digit county, 9-digit township or 12-digit village/community code)",
  area_outside: "that area is outside the county",
};

export default defineCommand({
  name: "report",
  summary: "write a staff report (XLSX, CSV or PNG chart) into a folder",
  usage: [
    "Usage: voterlink report <name> [--election ID] [--area CODE] [--format xlsx|csv|png] [--out DIR]",
    `  <name>          ${REPORT_NAMES.join(", ")}`,
    "  --election ID   the election (default: the newest)",
    "  --area CODE     a county, township or village/community code; an area includes its sub-areas (default: the county)",
    "  --format F      xlsx (default: every table a sheet), csv (the main table) or png (the chart, where the report has one)",
    "  --out DIR       the folder to write into (default: the current folder; made if missing)",
    "  Prints the path of the file written. The text is in DEFAULT_LOCALE (zh-CN unless set).",
  ].join("\n"),
  positionals: true,
  options: {
    election: { type: "string" },
    area: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
  },
  async run({ values, positionals }, ctx) {
    const [name, ...extra] = positionals;
    if (name === undefined) throw new UsageError("which report? give its name");
    if (extra.length > 0) throw new UsageError(`one report at a time; unexpected "${extra.join(" ")}"`);
    if (!isReportName(name)) throw new UsageError(`unknown report "${name}"; the reports are: ${REPORT_NAMES.join(", ")}`);
    const format = (values.format ?? "xlsx").toLowerCase();
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be xlsx, csv or png; got "${values.format}"`);
    if (format === "png" && !REPORTS[name].hasChart) throw new UsageError(`the ${name} report has no chart; use --format xlsx or csv`);
    if (values.election !== undefined && !/^\d{1,9}$/.test(values.election)) throw new UsageError(`--election must be an election id (digits); got "${values.election}"`);
    if (values.area !== undefined && !/^\d{6}(\d{3}){0,2}$/.test(values.area)) throw new UsageError(`--area must be a 6-, 9- or 12-digit area code; got "${values.area}"`);
    const config = ctx.config();
    const t = createTranslators(createI18n(config.DEFAULT_LOCALE))(config.DEFAULT_LOCALE);

    const file = await ctx.withApp(async (app) => {
      const result = await runReport(
        app.db.prisma,
        name,
        { electionId: values.election === undefined ? undefined : Number(values.election), areaCode: values.area },
        { t, locale: config.DEFAULT_LOCALE, now: app.services.clock.now(), timeZone: config.TIMEZONE },
      );
      if (!result.ok) throw new CommandFailed(SCOPE_ERRORS[result.error]);
      const run = result.run;
      if (run.data.empty) ctx.err(`${name}: ${run.data.reason}`);
      await app.services.audit.record(null, "report.export", `report:${name}`, { electionId: run.scope.election?.id ?? null, area: run.scope.area?.code ?? null, via: "cli" });
      const bytes = format === "xlsx" ? await toXlsx(run, config.TIMEZONE) : format === "csv" ? toCsv(run, config.TIMEZONE) : await toPng(run);
      if (bytes === null) throw new CommandFailed(`${name}: nothing to draw${run.data.empty ? "" : " (the chart needs figures this selection does not have)"}; use --format xlsx`);
      return { fileName: reportFileName(run, format as ReportFormat, config.TIMEZONE), bytes };
    });
    const dir = path.resolve(values.out ?? ".");
    await mkdir(dir, { recursive: true });
    const target = path.join(dir, file.fileName);
    await writeFile(target, file.bytes);
    ctx.out(target);
  },
});
