// voterlink import <kind> <file> [--valid-only] [--dry-run] [--election ID] [--errors FILE] [--locale zh-CN|en|zh-TW]
// Validates every row, writes in one transaction (upserts by natural key), prints created /
// updated / unchanged counts and the problems; exit 0 done, 1 failed (problems or an error), 2 bad usage.
import { readFile, stat, writeFile } from "node:fs/promises";
import type { ImportKind } from "../../imports/kinds.js";
import { errorReportCsv, errorSummary } from "../../imports/report.js";
import { ALL_KINDS, MAX_IMPORT_BYTES, type ImportOutcome } from "../../services/imports.js";
import { isLocale } from "../../config/locales.js";
import { CommandFailed, UsageError, defineCommand } from "../command.js";

export default defineCommand({
  name: "import",
  summary: "import areas, constituencies, the voter roll, polling places, candidates, their meetings, delegates, FAQ, departments or suggestion categories from CSV/XLSX",
  usage: `Usage: voterlink import <kind> <file> [--valid-only] [--dry-run] [--election ID] [--errors report.csv] [--locale zh-CN|en|zh-TW]
  kinds: ${ALL_KINDS.join(", ")}
  --valid-only   write the valid rows even if others have problems (default: nothing is written)
  --dry-run      validate and count what would change; write nothing
  --election ID  the election the rows belong to (default: the latest)
  --errors FILE  write the problems as a CSV (UTF-8 with BOM, opens in Excel)
  --locale L     the language of the problems (zh-CN, en, zh-TW; default zh-CN)`,
  positionals: true,
  options: {
    "valid-only": { type: "boolean" },
    "dry-run": { type: "boolean" },
    election: { type: "string" },
    errors: { type: "string" },
    locale: { type: "string" },
  },
  async run({ values, positionals }, ctx) {
    const [kind, file, ...extra] = positionals;
    if (!kind || !file || extra.length > 0) throw new UsageError("a kind and one file are needed");
    if (!(ALL_KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown kind "${kind}"; kinds: ${ALL_KINDS.join(", ")}`);
    const electionId = values.election === undefined ? undefined : Number(values.election);
    if (electionId !== undefined && !Number.isSafeInteger(electionId)) throw new UsageError(`--election: a number, got "${values.election}"`);
    const locale = values.locale ?? "zh-CN";
    if (!isLocale(locale)) throw new UsageError(`--locale: zh-CN, en or zh-TW, got "${locale}"`);

    const size = await stat(file).then(
      (s) => s.size,
      () => {
        throw new CommandFailed(`cannot read ${file}`);
      },
    );
    if (size > MAX_IMPORT_BYTES)
      throw new CommandFailed(`${file}: ${(size / 1048576).toFixed(1)} MB is over the ${MAX_IMPORT_BYTES / 1048576} MB limit; split the file`);
    const bytes = await readFile(file);

    const started = performance.now();
    const progress = ctx.progress(`importing ${kind} from ${file}`);
    let outcome: ImportOutcome;
    try {
      outcome = await ctx.withApp((app) =>
        app.services.imports.run(kind as ImportKind, { bytes, fileName: file }, {
          validOnly: values["valid-only"] ?? false,
          dryRun: values["dry-run"] ?? false,
          ...(electionId === undefined ? {} : { electionId }),
        }),
      );
    } finally {
      progress.done();
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (outcome.errors.length > 0) {
      ctx.err(errorSummary(outcome.errors, locale, 30));
      if (values.errors) {
        await writeFile(values.errors, errorReportCsv(outcome.errors, locale));
        ctx.err(`problems written to ${values.errors}`);
      }
    }
    ctx.out(describe(outcome, seconds, electionId));
    return outcome.status === "written" || outcome.status === "dry-run" ? 0 : 1;
  },
});

export function describe(o: ImportOutcome, seconds: string, electionId?: number): string {
  const c = o.counts;
  switch (o.status) {
    case "no-election":
      return electionId === undefined
        ? `${o.kind}: there is no election to import into; create one first (/election in the bot)`
        : `${o.kind}: there is no election ${electionId}; nothing written`;
    case "refused":
      // A results tally is all or nothing (services/imports.ts): --valid-only does not apply.
      return `${o.kind}: ${o.stats?.dataRows ?? 0} rows read, ${o.skipped} with problems — nothing written (fix them${o.kind === "results" ? "" : ", or use --valid-only"})`;
    case "dry-run":
      return `${o.kind}: dry run, ${o.rows} valid rows would give ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged${o.skipped ? `; ${o.skipped} rows with problems skipped` : ""} — nothing written (${seconds} s)`;
    case "written":
      return `${o.kind}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged${o.skipped ? `; ${o.skipped} rows with problems skipped` : ""} (${seconds} s)${o.kind === "results" ? " — drafts: check and confirm them in /results" : ""}`;
  }
}
