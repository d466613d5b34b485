// voterlink import <kind> <file> [--valid-only] [--dry-run] [--election ID] [--errors FILE] [--locale zh-CN|en]
// Validates every row, writes in one transaction (upserts by natural key), prints created /
// updated / unchanged counts and the problems; exit 0 done, 1 failed (problems or an error), 2 bad usage.
// Until the `voterlink` CLI lands, `npm run import -- <kind> <file> …` runs this (src/cli/import.ts).
import { readFile, stat, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { errorReportCsv, errorSummary } from "../../imports/report.js";
import type { ImportKind } from "../../imports/kinds.js";
import { ALL_KINDS, MAX_IMPORT_BYTES, type ImportOutcome, type ImportService } from "../../services/imports.js";

export interface ImportCommandContext {
  /** Opens the configured database (migrated) and gives the import service; close() when done. */
  open(): Promise<{ imports: ImportService; close(): Promise<void> }>;
  out(line: string): void;
  err(line: string): void;
}

export const name = "import";
export const summary = "Import areas, constituencies, the voter roll, polling places, candidates, delegates or FAQ from CSV/XLSX";
export const usage = `voterlink import <kind> <file> [--valid-only] [--dry-run] [--election ID] [--errors report.csv] [--locale zh-CN|en]
  kinds: ${ALL_KINDS.join(", ")}
  --valid-only   write the valid rows even if others have problems (default: nothing is written)
  --dry-run      validate and count what would change; write nothing
  --election ID  the election the rows belong to (default: the latest)
  --errors FILE  write the problems as a CSV (UTF-8 with BOM, opens in Excel)`;

export async function run(args: string[], ctx: ImportCommandContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        "valid-only": { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        election: { type: "string" },
        errors: { type: "string" },
        locale: { type: "string", default: "zh-CN" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    ctx.err(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    ctx.out(usage);
    return 0;
  }
  const [kind, file, ...extra] = positionals;
  if (!kind || !file || extra.length > 0) {
    ctx.err(usage);
    return 2;
  }
  if (!(ALL_KINDS as readonly string[]).includes(kind)) {
    ctx.err(`unknown kind "${kind}"; kinds: ${ALL_KINDS.join(", ")}`);
    return 2;
  }
  const electionId = values.election === undefined ? undefined : Number(values.election);
  if (electionId !== undefined && !Number.isSafeInteger(electionId)) {
    ctx.err(`--election: a number, got "${values.election}"`);
    return 2;
  }
  const locale = values.locale;

  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    ctx.err(`cannot read ${file}`);
    return 1;
  }
  if (size > MAX_IMPORT_BYTES) {
    ctx.err(`${file}: ${(size / 1048576).toFixed(1)} MB is over the ${MAX_IMPORT_BYTES / 1048576} MB limit; split the file`);
    return 1;
  }
  const bytes = await readFile(file);

  const { imports, close } = await ctx.open();
  let outcome: ImportOutcome;
  const started = performance.now();
  try {
    outcome = await imports.run(kind as ImportKind, { bytes, fileName: file }, {
      validOnly: values["valid-only"],
      dryRun: values["dry-run"],
      ...(electionId === undefined ? {} : { electionId }),
    });
  } finally {
    await close();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (outcome.errors.length > 0) {
    ctx.err(errorSummary(outcome.errors, locale, 30));
    if (values.errors) {
      await writeFile(values.errors, errorReportCsv(outcome.errors, locale));
      ctx.err(`problems written to ${values.errors}`);
    }
  }
  ctx.out(describe(outcome, seconds));
  return outcome.status === "written" || outcome.status === "dry-run" ? 0 : 1;
}

export function describe(o: ImportOutcome, seconds: string): string {
  const c = o.counts;
  switch (o.status) {
    case "unavailable":
      return `${o.kind}: not available yet (its tables come with another feature); nothing written`;
    case "no-election":
      return `${o.kind}: there is no election to import into; create one first (/election in the bot)`;
    case "refused":
      return `${o.kind}: ${o.stats?.dataRows ?? 0} rows read, ${o.skipped} with problems — nothing written (fix them, or use --valid-only)`;
    case "dry-run":
      return `${o.kind}: dry run, ${o.rows} valid rows would give ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged${o.skipped ? `; ${o.skipped} rows with problems skipped` : ""} — nothing written (${seconds} s)`;
    case "written":
      return `${o.kind}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged${o.skipped ? `; ${o.skipped} rows with problems skipped` : ""} (${seconds} s)`;
  }
}
