/** Import errors for people: a CSV for Excel and a short summary for a chat message or a terminal. */
import { stringify } from "csv-stringify/sync";
import { importLocale, renderProblem } from "./messages.js";
import type { ImportError } from "./validate.js";

const HEADERS = {
  "zh-CN": ["行号", "列", "问题", "说明", "代码"],
  en: ["row", "column", "problem", "detail", "code"],
} as const;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

// A cell starting with = + - @ is run as a formula by Excel; details echo what staff typed.
function safe(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * UTF-8 with BOM (without it Excel on Chinese Windows reads GBK and shows mojibake).
 * Columns: row (empty for the whole file), column, problem (the message), detail, code.
 */
export function errorReportCsv(errors: readonly ImportError[], locale: string): Buffer {
  const l = importLocale(locale);
  const records = errors.map((e) => [
    e.row === 0 ? "" : String(e.row),
    safe(e.column ?? ""),
    renderProblem(e.problem, l),
    safe(e.detail ?? ""),
    e.problem,
  ]);
  return Buffer.concat([BOM, Buffer.from(stringify([[...HEADERS[l]], ...records], { record_delimiter: "windows" }))]);
}

/** At most `max` lines, then how many more; one line per problem with its row and column. */
export function errorSummary(errors: readonly ImportError[], locale: string, max = 20): string {
  const l = importLocale(locale);
  if (errors.length === 0) return l === "zh-CN" ? "没有发现问题。" : "No problems found.";
  const rows = new Set(errors.filter((e) => e.row > 0).map((e) => e.row)).size;
  const head =
    l === "zh-CN"
      ? `发现 ${errors.length} 个问题${rows > 0 ? `，涉及 ${rows} 行` : ""}：`
      : `${errors.length} problem${errors.length === 1 ? "" : "s"}${rows > 0 ? ` in ${rows} row${rows === 1 ? "" : "s"}` : ""}:`;
  const lines = errors.slice(0, max).map((e) => {
    const where =
      l === "zh-CN"
        ? `${e.row === 0 ? "文件" : `第 ${e.row} 行`}${e.column ? `「${e.column}」` : ""}`
        : `${e.row === 0 ? "File" : `Row ${e.row}`}${e.column ? ` [${e.column}]` : ""}`;
    const detail = e.detail && e.detail.length > 80 ? `${e.detail.slice(0, 80)}…` : e.detail;
    return `${where}${l === "zh-CN" ? "：" : ": "}${renderProblem(e.problem, l, detail)}`;
  });
  const rest = errors.length - lines.length;
  if (rest > 0) {
    lines.push(l === "zh-CN" ? `……另有 ${rest} 个问题，详见错误报告文件。` : `… and ${rest} more; see the error report file.`);
  }
  return [head, ...lines].join("\n");
}
