/**
 * Import errors for people: a CSV for Excel and a short summary for a chat message or a terminal.
 * The messages are written in simplified Chinese and English; a zh-TW reader gets the Chinese in
 * traditional characters. What staff typed (details, column names) is shown as it was.
 */
import { stringify } from "csv-stringify/sync";
import { localeOfLanguageCode } from "../config/locales.js";
import { traditionalText } from "../domain/chinese-script.js";
import { importLocale, renderProblem } from "./messages.js";
import type { ImportError } from "./validate.js";

const HEADERS = {
  "zh-CN": ["行号", "列", "问题", "说明", "代码"],
  en: ["row", "column", "problem", "detail", "code"],
} as const;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Our own words in the reader's script: traditional characters for zh-TW (zh-Hant, zh-HK). */
function inScriptOf(locale: string): (text: string) => string {
  return localeOfLanguageCode(locale) === "zh-TW" ? traditionalText : (text) => text;
}

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
  const ours = inScriptOf(locale);
  const records = errors.map((e) => [
    e.row === 0 ? "" : String(e.row),
    safe(e.column ?? ""),
    ours(renderProblem(e.problem, l)),
    safe(e.detail ?? ""),
    e.problem,
  ]);
  return Buffer.concat([BOM, Buffer.from(stringify([HEADERS[l].map(ours), ...records], { record_delimiter: "windows" }))]);
}

/** At most `max` lines, then how many more; one line per problem with its row and column. */
export function errorSummary(errors: readonly ImportError[], locale: string, max = 20): string {
  const l = importLocale(locale);
  const ours = inScriptOf(locale);
  if (errors.length === 0) return ours(l === "zh-CN" ? "没有发现问题。" : "No problems found.");
  const rows = new Set(errors.filter((e) => e.row > 0).map((e) => e.row)).size;
  const head = ours(
    l === "zh-CN"
      ? `发现 ${errors.length} 个问题${rows > 0 ? `，涉及 ${rows} 行` : ""}：`
      : `${errors.length} problem${errors.length === 1 ? "" : "s"}${rows > 0 ? ` in ${rows} row${rows === 1 ? "" : "s"}` : ""}:`,
  );
  const lines = errors.slice(0, max).map((e) => {
    const row = l === "zh-CN" ? (e.row === 0 ? "文件" : `第 ${e.row} 行`) : e.row === 0 ? "File" : `Row ${e.row}`;
    const column = e.column ? (l === "zh-CN" ? `「${e.column}」` : ` [${e.column}]`) : "";
    const detail = e.detail && e.detail.length > 80 ? `${e.detail.slice(0, 80)}…` : e.detail;
    // The message is ours to convert; the detail after it echoes the file.
    const message = renderProblem(e.problem, l);
    return `${ours(row)}${column}${l === "zh-CN" ? "：" : ": "}${ours(message)}${renderProblem(e.problem, l, detail).slice(message.length)}`;
  });
  const rest = errors.length - lines.length;
  if (rest > 0) {
    lines.push(ours(l === "zh-CN" ? `……另有 ${rest} 个问题，详见错误报告文件。` : `… and ${rest} more; see the error report file.`));
  }
  return [head, ...lines].join("\n");
}
