/**
 * Report charts as PNG, rendered on the server: chart.js 4 drawing on an @napi-rs/canvas canvas
 * (no browser, no native build: the Skia binary ships as an optional npm dependency).
 *
 * Choices:
 * - `spec` is our own small type; chart.js config never leaks to callers.
 * - All text uses our bundled Noto Sans SC (fonts.ts), so Chinese never turns into boxes.
 * - Colours: the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies
 *   and in greyscale print); line series also differ by dash pattern and point shape.
 * - White background painted under the chart: a transparent PNG shows black in some Telegram clients.
 * - Rendered at devicePixelRatio 2, so a spec of 800×500 gives a 1600×1000 PNG with crisp text.
 * - Percent values are ratios (0.963 → "96.3%"); numbers are formatted per locale (summary.ts).
 * - Many labels:
 *   - "bar" / "stacked-bar" with more than 24 labels turn horizontal (labels stay readable);
 *   - horizontal bars get one row (18 px, more per extra series) per label: the picture grows
 *     with the number of labels, up to MAX_HEIGHT (4000 px, i.e. 8000 px in the PNG). 200
 *     constituencies fit (140 + 200 × 18 = 3,740 px). Past that, the top N by value are kept, plus an
 *     "其他/Others" bar with the sum of the rest (counts only; percents cannot be summed, so they
 *     get a "N more not shown" note in the subtitle instead);
 *   - pie/doughnut keep the 7 largest slices plus "其他" (a pie with more slices is unreadable);
 *   - line charts keep all points and let chart.js skip x-axis labels.
 *   A tall chart is only readable as a file: Telegram shrinks photos to ≤ 2560 px on the long
 *   side (often 1280). `deliverAs(planChart(spec))` says whether to send it with sendPhoto or
 *   sendDocument.
 * - Empty data (no labels, no series or no finite value) renders a chart whose title says
 *   "（暂无数据）" / "(no data)" instead of throwing.
 */
import { createCanvas } from "@napi-rs/canvas";
import { Chart, registerables } from "chart.js";
import type { ChartConfiguration, ChartDataset, ChartOptions, LegendItem, Plugin } from "chart.js";
import { registerCjkFont } from "./fonts.js";
import { formatPercent, formatPercentTick, formatValue, reportWords } from "./summary.js";
import type { ReportLocale, ValueUnit } from "./summary.js";

export type ChartKind = "bar" | "horizontal-bar" | "stacked-bar" | "line" | "pie" | "doughnut";

export interface ChartSeries {
  name: string;
  /** One value per label; null/NaN is a gap. */
  values: (number | null)[];
}

export interface ChartSpec {
  kind: ChartKind;
  title: string;
  subtitle?: string;
  labels: string[];
  series: ChartSeries[];
  /** "percent": values are ratios (0.963 = 96.3%). Default "count". */
  unit?: ValueUnit;
  /** CSS pixels; the PNG is PIXEL_RATIO times larger. Default 800. */
  width?: number;
  /** CSS pixels. Default 500; horizontal bars grow past it with the number of labels. */
  height?: number;
  locale: ReportLocale;
}

export const PIXEL_RATIO = 2;
export const DEFAULT_WIDTH = 800;
export const DEFAULT_HEIGHT = 500;
export const MIN_SIZE = 200;
export const MAX_WIDTH = 2000;
export const MAX_HEIGHT = 4000;
/** Bar charts with more labels than this are drawn horizontally. */
export const VERTICAL_MAX_LABELS = 24;
/** Pie/doughnut slices shown, including "others". */
export const PIE_MAX_SLICES = 8;
/** Height of one label's row in a horizontal bar chart (CSS px), and what each extra grouped series adds. */
const ROW_HEIGHT = 18;
const ROW_EXTRA_PER_SERIES = 8;
/** Title, subtitle, legend and axis around the rows of a horizontal bar chart (CSS px). */
const CHROME_HEIGHT = 140;
/** Telegram scales photos down to this on the long side at best; taller pictures go as documents. */
export const TELEGRAM_PHOTO_MAX_SIDE = 2560;

/** Okabe & Ito (2008), ordered for contrast on white; the yellow comes last. */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442"] as const;
export const OTHERS_COLOUR = "#BBBBBB";
const TEXT_COLOUR = "#222222";
const GRID_COLOUR = "#E3E3E3";
const LINE_DASHES: number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3], [10, 4], [4, 4], [1, 3], [12, 2]];
const POINT_STYLES = ["circle", "rect", "triangle", "rectRot", "crossRot", "star", "rectRounded", "cross"] as const;

export interface ChartPlan {
  /** The chart.js chart type. */
  type: "bar" | "line" | "pie" | "doughnut";
  horizontal: boolean;
  stacked: boolean;
  empty: boolean;
  title: string;
  subtitle: string | undefined;
  labels: string[];
  series: { name: string; values: (number | null)[] }[];
  unit: ValueUnit;
  /** Index of the "others" label in `labels`, or -1. */
  othersIndex: number;
  /** How many input labels are not shown individually (folded into "others" or left out). */
  omitted: number;
  /** CSS pixels. */
  width: number;
  height: number;
  /** PNG pixels. */
  pixelWidth: number;
  pixelHeight: number;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
const isNum = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

function rowHeight(seriesCount: number, stacked: boolean): number {
  return ROW_HEIGHT + (stacked ? 0 : ROW_EXTRA_PER_SERIES * Math.max(0, seriesCount - 1));
}

/** Keeps the `keep` labels with the largest totals (in that order); the rest are summed into "others" when `withOthers`. */
function topN(
  labels: string[],
  series: ChartPlan["series"],
  keep: number,
  withOthers: boolean,
  othersLabel: string,
): { labels: string[]; series: ChartPlan["series"]; othersIndex: number; omitted: number } {
  const total = (i: number) => series.reduce((s, ser) => s + (isNum(ser.values[i]) ? (ser.values[i] as number) : 0), 0);
  const order = labels.map((_, i) => i).sort((a, b) => total(b) - total(a) || a - b);
  const kept = order.slice(0, keep);
  const rest = order.slice(keep);
  const outLabels = kept.map((i) => labels[i] ?? "");
  const outSeries = series.map((s) => ({ name: s.name, values: kept.map((i) => s.values[i] ?? null) }));
  if (withOthers && rest.length > 0) {
    outLabels.push(othersLabel);
    outSeries.forEach((s, k) => {
      const src = series[k]!.values;
      s.values.push(rest.reduce((sum, i) => sum + (isNum(src[i]) ? (src[i] as number) : 0), 0));
    });
    return { labels: outLabels, series: outSeries, othersIndex: outLabels.length - 1, omitted: rest.length };
  }
  return { labels: outLabels, series: outSeries, othersIndex: -1, omitted: rest.length };
}

/** Decides the chart type, orientation, size and label reduction for a spec, without drawing anything. */
export function planChart(spec: ChartSpec): ChartPlan {
  const words = reportWords(spec.locale);
  const unit = spec.unit ?? "count";
  const width = clamp(Math.round(spec.width ?? DEFAULT_WIDTH), MIN_SIZE, MAX_WIDTH);
  let height = clamp(Math.round(spec.height ?? DEFAULT_HEIGHT), MIN_SIZE, MAX_HEIGHT);
  const labels = spec.labels.map((l) => String(l));
  // Every series gets exactly one value per label.
  const series = spec.series.map((s) => ({
    name: s.name,
    values: labels.map((_, i) => (isNum(s.values[i]) ? (s.values[i] as number) : null)),
  }));
  const empty = labels.length === 0 || series.length === 0 || !series.some((s) => s.values.some(isNum));
  const base = { unit, width, subtitle: spec.subtitle || undefined };

  if (empty) {
    const title = spec.locale === "en" ? `${spec.title} (${words.noData})` : `${spec.title}（${words.noData}）`;
    return {
      ...base, type: "bar", horizontal: false, stacked: false, empty: true, title, labels: [], series: [],
      othersIndex: -1, omitted: 0, height, pixelWidth: width * PIXEL_RATIO, pixelHeight: height * PIXEL_RATIO,
    };
  }

  if (spec.kind === "pie" || spec.kind === "doughnut") {
    const r =
      labels.length > PIE_MAX_SLICES
        ? topN(labels, series, PIE_MAX_SLICES - 1, true, words.others)
        : { labels, series, othersIndex: -1, omitted: 0 };
    return {
      ...base, type: spec.kind, horizontal: false, stacked: false, empty: false, title: spec.title, ...r,
      height, pixelWidth: width * PIXEL_RATIO, pixelHeight: height * PIXEL_RATIO,
    };
  }

  if (spec.kind === "line") {
    return {
      ...base, type: "line", horizontal: false, stacked: false, empty: false, title: spec.title, labels, series,
      othersIndex: -1, omitted: 0, height, pixelWidth: width * PIXEL_RATIO, pixelHeight: height * PIXEL_RATIO,
    };
  }

  const stacked = spec.kind === "stacked-bar";
  const horizontal = spec.kind === "horizontal-bar" || labels.length > VERTICAL_MAX_LABELS;
  let r: { labels: string[]; series: ChartPlan["series"]; othersIndex: number; omitted: number } = {
    labels, series, othersIndex: -1, omitted: 0,
  };
  let subtitle = base.subtitle;
  if (horizontal) {
    const row = rowHeight(series.length, stacked);
    const maxRows = Math.floor((MAX_HEIGHT - CHROME_HEIGHT) / row);
    if (labels.length > maxRows) {
      const sums = unit === "count";
      r = topN(labels, series, sums ? maxRows - 1 : maxRows, sums, words.others);
      if (!sums) {
        const note = words.notShown(formatValue(r.omitted, "count", spec.locale));
        subtitle = subtitle ? `${subtitle} · ${note}` : note;
      }
    }
    height = clamp(Math.max(height, CHROME_HEIGHT + r.labels.length * row), MIN_SIZE, MAX_HEIGHT);
  }
  return {
    ...base, subtitle, type: "bar", horizontal, stacked, empty: false, title: spec.title, ...r,
    height, pixelWidth: width * PIXEL_RATIO, pixelHeight: height * PIXEL_RATIO,
  };
}

/** sendPhoto when Telegram's downscaling keeps it readable, sendDocument (the PNG as a file) otherwise. */
export function deliverAs(plan: Pick<ChartPlan, "pixelWidth" | "pixelHeight">): "photo" | "document" {
  // Bot API limits for photos: width + height ≤ 10000, ratio ≤ 20; the readability limit is stricter.
  return Math.max(plan.pixelWidth, plan.pixelHeight) <= TELEGRAM_PHOTO_MAX_SIDE ? "photo" : "document";
}

let registered = false;
function ensureRegistered(): string {
  const family = registerCjkFont();
  if (!registered) {
    Chart.register(...registerables);
    registered = true;
  }
  return family;
}

const whiteBackground: Plugin = {
  id: "voterlinkWhiteBackground",
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = "destination-over";
    ctx.fillStyle = "#FFFFFF";
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

function noDataMessage(text: string, family: string): Plugin {
  return {
    id: "voterlinkNoData",
    afterDraw(chart) {
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.fillStyle = "#777777";
      ctx.font = `16px "${family}"`;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(text, (chartArea.left + chartArea.right) / 2, (chartArea.top + chartArea.bottom) / 2);
      ctx.restore();
    },
  };
}

/** Writes each bar's value at its end (grouped bars only; stacked segments would overlap). */
function barValueLabels(plan: ChartPlan, family: string, locale: ReportLocale): Plugin {
  return {
    id: "voterlinkBarValues",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.fillStyle = TEXT_COLOUR;
      ctx.font = `11px "${family}"`;
      chart.data.datasets.forEach((ds, di) => {
        const meta = chart.getDatasetMeta(di);
        if (meta.hidden) return;
        meta.data.forEach((el, i) => {
          const v = ds.data[i];
          if (typeof v !== "number" || !Number.isFinite(v)) return;
          const text = formatValue(v, plan.unit, locale);
          const { x, y } = el.getProps(["x", "y"], true) as { x: number; y: number };
          if (plan.horizontal) {
            ctx.textAlign = v < 0 ? "right" : "left";
            ctx.textBaseline = "middle";
            ctx.fillText(text, x + (v < 0 ? -4 : 4), y);
          } else {
            ctx.textAlign = "center";
            ctx.textBaseline = v < 0 ? "top" : "bottom";
            ctx.fillText(text, x, y + (v < 0 ? 3 : -3));
          }
        });
      });
      ctx.restore();
    },
  };
}

function truncateLabel(label: string, max = 18): string {
  const chars = Array.from(label);
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join("")}…`;
}

function buildConfig(plan: ChartPlan, locale: ReportLocale, family: string): ChartConfiguration {
  const font = (size: number, weight: "normal" | "bold" = "normal") => ({ family, size, weight });
  const fmtTick = (v: number | string) => {
    const n = typeof v === "number" ? v : Number(v);
    return plan.unit === "percent" ? formatPercentTick(n, locale) : formatValue(n, "count", locale);
  };
  const plugins: Plugin[] = [whiteBackground];
  const titleOptions = {
    title: { display: true, text: plan.title, color: TEXT_COLOUR, font: font(18, "bold"), padding: { top: 4, bottom: plan.subtitle ? 2 : 10 } },
    subtitle: {
      display: plan.subtitle !== undefined,
      text: plan.subtitle ?? "",
      color: "#555555",
      font: font(13),
      padding: { bottom: 10 },
    },
  };

  if (plan.empty) {
    plugins.push(noDataMessage(reportWords(locale).noData, family));
    return {
      type: "bar",
      data: { labels: [], datasets: [] },
      options: {
        ...commonOptions(),
        scales: { x: { display: false }, y: { display: false } },
        plugins: { ...titleOptions, legend: { display: false }, tooltip: { enabled: false } },
      },
      plugins,
    };
  }

  const labels = plan.labels.map((l) => truncateLabel(l));

  if (plan.type === "pie" || plan.type === "doughnut") {
    const colours = plan.labels.map((_, i) => (i === plan.othersIndex ? OTHERS_COLOUR : PALETTE[i % PALETTE.length]!));
    const datasets: ChartDataset<"pie" | "doughnut">[] = plan.series.map((s) => ({
      label: s.name,
      data: s.values.map((v) => (v === null ? 0 : Math.max(0, v))),
      backgroundColor: colours,
      borderColor: "#FFFFFF",
      borderWidth: 2,
    }));
    const first = plan.series[0]!.values;
    const sum = first.reduce<number>((s, v) => s + (v !== null && v > 0 ? v : 0), 0);
    const generateLabels = (chart: Chart): LegendItem[] =>
      Chart.overrides.pie.plugins.legend.labels.generateLabels(chart).map((item) => {
        const i = item.index ?? 0;
        const v = first[i] ?? null;
        let text = `${item.text}  ${formatValue(v, plan.unit, locale)}`;
        if (plan.unit === "count" && sum > 0 && v !== null) {
          const share = formatPercent(v / sum, locale);
          text += locale === "en" ? ` (${share})` : `（${share}）`;
        }
        return { ...item, text, fontColor: TEXT_COLOUR };
      });
    return {
      type: plan.type,
      data: { labels, datasets },
      options: {
        ...commonOptions(),
        plugins: {
          ...titleOptions,
          legend: { display: true, position: "right", labels: { font: font(12), color: TEXT_COLOUR, generateLabels, boxWidth: 14 } },
          tooltip: { enabled: false },
        },
      },
      plugins,
    } as ChartConfiguration;
  }

  const multi = plan.series.length > 1;
  const legend = {
    display: multi,
    position: "top" as const,
    labels: {
      font: font(12),
      color: TEXT_COLOUR,
      boxWidth: 14,
      // Lines: the legend shows each series' point shape (the shapes differ, as the colours do), at point size.
      ...(plan.type === "line" ? { usePointStyle: true, boxHeight: 7 } : {}),
    },
  };
  const valueTicks = { font: font(12), color: TEXT_COLOUR, callback: fmtTick };
  const categoryTicks = {
    font: font(plan.horizontal ? 11 : 12),
    color: TEXT_COLOUR,
    // Horizontal bars have a row per label: show every label. Otherwise let chart.js skip some.
    autoSkip: !plan.horizontal,
    maxRotation: 45,
  };

  if (plan.type === "line") {
    const manyPoints = plan.labels.length > 50;
    const datasets: ChartDataset<"line">[] = plan.series.map((s, k) => ({
      label: s.name,
      data: s.values,
      borderColor: PALETTE[k % PALETTE.length],
      backgroundColor: PALETTE[k % PALETTE.length],
      borderWidth: 2,
      borderDash: LINE_DASHES[k % LINE_DASHES.length],
      pointStyle: POINT_STYLES[k % POINT_STYLES.length],
      pointRadius: manyPoints ? 0 : 3,
      spanGaps: false,
      tension: 0,
    }));
    return {
      type: "line",
      data: { labels, datasets },
      options: {
        ...commonOptions(),
        scales: {
          x: { ticks: categoryTicks, grid: { color: GRID_COLOUR } },
          y: { ticks: valueTicks, grid: { color: GRID_COLOUR }, beginAtZero: plan.unit === "count" },
        },
        plugins: { ...titleOptions, legend, tooltip: { enabled: false } },
      },
      plugins,
    };
  }

  // Bars.
  const datasets: ChartDataset<"bar">[] = plan.series.map((s, k) => {
    const colour = multi ? PALETTE[k % PALETTE.length]! : PALETTE[0];
    return {
      label: s.name,
      data: s.values,
      backgroundColor: plan.othersIndex >= 0 && !multi ? plan.labels.map((_, i) => (i === plan.othersIndex ? OTHERS_COLOUR : colour)) : colour,
      borderWidth: 0,
      categoryPercentage: 0.8,
      barPercentage: 0.9,
    };
  });
  const showValues =
    !plan.stacked && (plan.horizontal || plan.labels.length * plan.series.length <= 30);
  if (showValues) plugins.push(barValueLabels(plan, family, locale));
  // Shares (all percents within 0–100%) keep a 0–100% axis; the value labels get room in the padding instead.
  const allValues = plan.series.flatMap((s) => s.values).filter(isNum);
  const shareAxis = plan.unit === "percent" && !plan.stacked && allValues.every((v) => v >= 0 && v <= 1);
  const valueAxis = {
    ticks: valueTicks,
    grid: { color: GRID_COLOUR },
    beginAtZero: true,
    stacked: plan.stacked,
    ...(shareAxis ? { max: 1 } : { grace: showValues ? "12%" : 0 }),
    // A tall chart (many rows) shows its scale at the top, where the reader starts.
    position: plan.horizontal ? (plan.labels.length > 30 ? ("top" as const) : ("bottom" as const)) : ("left" as const),
  };
  const categoryAxis = { ticks: categoryTicks, grid: { display: false }, stacked: plan.stacked };
  const common = commonOptions();
  if (showValues && plan.horizontal) common.layout.padding.right = 56;
  if (showValues && !plan.horizontal) common.layout.padding.top = 20;
  const options: ChartOptions<"bar"> = {
    ...common,
    indexAxis: plan.horizontal ? "y" : "x",
    scales: plan.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    plugins: { ...titleOptions, legend, tooltip: { enabled: false } },
  };
  return { type: "bar", data: { labels, datasets }, options, plugins } as ChartConfiguration;
}

function commonOptions() {
  return {
    responsive: false,
    animation: false as const,
    devicePixelRatio: PIXEL_RATIO,
    events: [] as [],
    layout: { padding: { top: 8, right: 16, bottom: 8, left: 8 } },
  };
}

/** Renders the chart to a PNG (PIXEL_RATIO × the CSS size in `planChart(spec)`). */
export async function renderChart(spec: ChartSpec): Promise<Buffer> {
  const family = ensureRegistered();
  const plan = planChart(spec);
  const config = buildConfig(plan, spec.locale, family);
  // chart.js multiplies the canvas by devicePixelRatio itself (responsive: false → retinaScale).
  const canvas = createCanvas(plan.width, plan.height);
  const chart = new Chart(canvas as unknown as ConstructorParameters<typeof Chart>[0], config);
  try {
    // animation: false → drawn synchronously in the constructor. Encode before destroy (it clears the canvas).
    return await canvas.encode("png");
  } finally {
    chart.destroy();
  }
}
