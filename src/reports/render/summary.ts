/**
 * Number formatting for report captions, chart labels and axis ticks, per locale.
 *
 * Conventions (shared with chart.ts and xlsx.ts):
 * - a percent is a ratio: 0.963 is shown as "96.3%" (one decimal), as Excel's "0.0%" does;
 * - a change between two percents is in percentage points: 0.012 → "+1.2 个百分点";
 * - counts get thousands separators ("1,234,567"); a missing or non-finite value shows as "—".
 *
 * The two-line caption of a chart photo is data-dependent (the report queries build the
 * clauses); `caption` only joins and bounds it.
 */

export type ReportLocale = "zh-CN" | "en" | "zh-TW";
export type ValueUnit = "count" | "percent";

/** Telegram's limit for a photo or document caption, in characters. */
export const TELEGRAM_CAPTION_LIMIT = 1024;

const MISSING = "—";

/** Words the renderers need. Kept here (not in locales/) because they belong to the rendering code. */
const WORDS: Record<ReportLocale, { noData: string; others: string; points: string; notShown: (n: string) => string }> = {
  "zh-CN": { noData: "暂无数据", others: "其他", points: "个百分点", notShown: (n) => `另有 ${n} 项未显示` },
  "zh-TW": { noData: "暫無資料", others: "其他", points: "個百分點", notShown: (n) => `另有 ${n} 項未顯示` },
  en: { noData: "no data", others: "Others", points: "pp", notShown: (n) => `${n} more not shown` },
};

export function reportWords(locale: ReportLocale) {
  return WORDS[locale];
}

const formatters = new Map<string, Intl.NumberFormat>();

function nf(locale: ReportLocale, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale}|${key}`;
  let f = formatters.get(id);
  if (f === undefined) {
    f = new Intl.NumberFormat(locale, options);
    formatters.set(id, f);
  }
  return f;
}

function finite(n: number | null | undefined): n is number {
  return typeof n === "number" && Number.isFinite(n);
}

/** 1234567 → "1,234,567" (rounded to an integer). */
export function formatCount(n: number | null | undefined, locale: ReportLocale): string {
  if (!finite(n)) return MISSING;
  return nf(locale, "count", { maximumFractionDigits: 0 }).format(n);
}

/** 1234.56 → "1,234.6" with `digits` decimals (default 1). */
export function formatDecimal(n: number | null | undefined, locale: ReportLocale, digits = 1): string {
  if (!finite(n)) return MISSING;
  return nf(locale, `dec${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** Ratio 0.9634 → "96.3%". */
export function formatPercent(ratio: number | null | undefined, locale: ReportLocale): string {
  if (!finite(ratio)) return MISSING;
  return nf(locale, "pct", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio);
}

/** Axis ticks: like formatPercent but without a trailing ".0" (0.2 → "20%", 0.25 → "25%", 0.125 → "12.5%"). */
export function formatPercentTick(ratio: number, locale: ReportLocale): string {
  if (!finite(ratio)) return MISSING;
  return nf(locale, "pcttick", { style: "percent", minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(ratio);
}

/** A value of the given unit, as shown next to a bar or in a legend. */
export function formatValue(n: number | null | undefined, unit: ValueUnit, locale: ReportLocale): string {
  if (unit === "percent") return formatPercent(n, locale);
  if (!finite(n)) return MISSING;
  // Counts are normally integers; a non-integer (an average) keeps one decimal rather than lying.
  return Number.isInteger(n) ? formatCount(n, locale) : formatDecimal(n, locale, 1);
}

/** Signed change in a count: 1234 → "+1,234", -5 → "-5", 0 → "0". */
export function formatSignedCount(delta: number | null | undefined, locale: ReportLocale): string {
  if (!finite(delta)) return MISSING;
  return nf(locale, "scount", { maximumFractionDigits: 0, signDisplay: "exceptZero" }).format(delta);
}

/**
 * Change between two ratios in percentage points: 0.012 → "+1.2 个百分点" (zh-CN),
 * "+1.2 個百分點" (zh-TW), "+1.2 pp" (en). A change that rounds to zero shows without a sign.
 */
export function formatPointChange(deltaRatio: number | null | undefined, locale: ReportLocale): string {
  if (!finite(deltaRatio)) return MISSING;
  const points = nf(locale, "spoints", {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  }).format(deltaRatio * 100);
  return `${points} ${WORDS[locale].points}`;
}

/** Joins clauses of one caption line: "参选率 96.3%，较上届 +1.2 个百分点" / "turnout 96.3%, +1.2 pp on last time". */
export function joinClauses(parts: readonly string[], locale: ReportLocale): string {
  return parts.filter((p) => p.length > 0).join(locale === "en" ? ", " : "，");
}

/** The two-line caption, cut (with "…") to Telegram's caption limit. */
export function caption(line1: string, line2: string | undefined, limit = TELEGRAM_CAPTION_LIMIT): string {
  const text = line2 ? `${line1}\n${line2}` : line1;
  const chars = Array.from(text);
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join("")}…`;
}
