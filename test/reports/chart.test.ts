import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadImage } from "@napi-rs/canvas";
import { beforeAll, describe, expect, it } from "vitest";
import {
  deliverAs,
  MAX_HEIGHT,
  PIE_MAX_SLICES,
  PIXEL_RATIO,
  planChart,
  renderChart,
  type ChartKind,
  type ChartSpec,
} from "../../src/reports/render/chart.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk (always the first chunk, right after the signature). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString("latin1", 12, 16)).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** RGBA of one pixel, decoding the PNG with @napi-rs/canvas (a second, independent check that it is valid). */
async function pixel(png: Buffer, x: number, y: number): Promise<number[]> {
  const { createCanvas } = await import("@napi-rs/canvas");
  const img = await loadImage(png);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext("2d");
  ctx.drawImage(img, 0, 0);
  return Array.from(ctx.getImageData(x, y, 1, 1).data);
}

const constituencies = (n: number) => Array.from({ length: n }, (_, i) => `青禾镇第${i + 1}选区`);

const examples: Record<ChartKind, ChartSpec> = {
  bar: {
    kind: "bar", title: "各乡镇登记选民", subtitle: "截至 2025-03-01", locale: "zh-CN",
    labels: ["青禾镇", "东村", "西村", "南街社区"],
    series: [{ name: "登记", values: [12345, 2345, 3456, 987] }, { name: "参选", values: [11000, 2200, 3000, 900] }],
  },
  "horizontal-bar": {
    kind: "horizontal-bar", title: "選區參選率", unit: "percent", locale: "zh-TW",
    labels: ["東村", "西村", "臺灣路社區"], series: [{ name: "參選率", values: [0.963, 0.871, 0.9] }],
  },
  "stacked-bar": {
    kind: "stacked-bar", title: "Ballots by method", locale: "en",
    labels: ["Qinghe", "East village", "West village"],
    series: [{ name: "Polling station", values: [1000, 2000, 3000] }, { name: "Mobile box", values: [100, 200, 300] }, { name: "Proxy", values: [5, 2, 1] }],
  },
  line: {
    kind: "line", title: "每日登记人数", locale: "zh-CN",
    labels: ["3/1", "3/2", "3/3", "3/4", "3/5"],
    series: [{ name: "登记", values: [100, 250, null, 400, 380] }, { name: "更正", values: [5, 8, 12, 3, 0] }],
  },
  pie: {
    kind: "pie", title: "投票方式", locale: "zh-CN",
    labels: ["投票站", "流动票箱", "委托投票"], series: [{ name: "票数", values: [8000, 1200, 300] }],
  },
  doughnut: {
    kind: "doughnut", title: "候选人得票", locale: "zh-CN",
    labels: ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑十一", "王十二"],
    series: [{ name: "得票", values: [5000, 4000, 3000, 2000, 1000, 500, 400, 300, 200, 100] }],
  },
};

let outDir: string;
beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), "voterlink-charts-"));
});

function save(name: string, png: Buffer): void {
  const path = join(outDir, `${name}.png`);
  writeFileSync(path, png);
  console.log(`example chart: ${path}`);
}

describe("renderChart", () => {
  for (const kind of Object.keys(examples) as ChartKind[]) {
    it(`renders a ${kind} chart as a PNG at twice the CSS size, on white`, async () => {
      const spec = examples[kind];
      const png = await renderChart(spec);
      save(kind, png);
      expect(pngSize(png)).toEqual({ width: 800 * PIXEL_RATIO, height: 500 * PIXEL_RATIO });
      // Opaque white corners: no transparency (black in some Telegram clients).
      expect(await pixel(png, 0, 0)).toEqual([255, 255, 255, 255]);
      expect(await pixel(png, 1599, 999)).toEqual([255, 255, 255, 255]);
    });
  }

  it("honours width and height", async () => {
    const png = await renderChart({ ...examples.bar, width: 600, height: 400 });
    expect(pngSize(png)).toEqual({ width: 1200, height: 800 });
  });

  it("renders empty data as a chart that says so in its title", async () => {
    for (const spec of [
      { kind: "bar", title: "选区参选率", labels: [], series: [], locale: "zh-CN" },
      { kind: "pie", title: "Turnout", labels: ["a"], series: [{ name: "x", values: [null] }], locale: "en" },
      { kind: "line", title: "選區參選率", labels: ["a", "b"], series: [], locale: "zh-TW" },
    ] satisfies ChartSpec[]) {
      const plan = planChart(spec);
      expect(plan.empty).toBe(true);
      expect(plan.title).toMatch(/（暂无数据）$|\(no data\)$|（暫無資料）$/);
      const png = await renderChart(spec);
      expect(pngSize(png)).toEqual({ width: 1600, height: 1000 });
      if (spec.locale === "zh-CN") save("empty", png);
    }
  });

  it("draws 200 constituencies as horizontal bars, one row each, within the height bound", async () => {
    const labels = constituencies(200);
    const spec: ChartSpec = {
      kind: "bar", title: "各选区参选率", unit: "percent", locale: "zh-CN", labels,
      series: [{ name: "参选率", values: labels.map((_, i) => 0.8 + ((i * 37) % 20) / 100) }],
    };
    const plan = planChart(spec);
    expect(plan.horizontal).toBe(true);
    expect(plan.labels).toHaveLength(200);
    expect(plan.omitted).toBe(0);
    expect(plan.height).toBeGreaterThan(200 * 18);
    expect(plan.height).toBeLessThanOrEqual(MAX_HEIGHT);
    expect(deliverAs(plan)).toBe("document"); // too tall to survive Telegram's photo downscaling
    const png = await renderChart(spec);
    save("horizontal-bar-200", png);
    expect(pngSize(png)).toEqual({ width: plan.pixelWidth, height: plan.pixelHeight });
    expect(plan.pixelHeight).toBe(plan.height * PIXEL_RATIO);
  });

  it("past the height bound keeps the largest and sums the rest into 其他 (counts) or notes them (percents)", () => {
    const labels = constituencies(400);
    const values = labels.map((_, i) => i + 1);
    const counts = planChart({ kind: "horizontal-bar", title: "登记人数", locale: "zh-CN", labels, series: [{ name: "人数", values }] });
    expect(counts.height).toBeLessThanOrEqual(MAX_HEIGHT);
    expect(counts.labels.at(-1)).toBe("其他");
    expect(counts.labels[0]).toBe("青禾镇第400选区");
    const shown = counts.series[0]!.values.slice(0, -1).reduce<number>((s, v) => s + (v ?? 0), 0);
    expect(shown + (counts.series[0]!.values.at(-1) ?? 0)).toBe(values.reduce((s, v) => s + v, 0));
    expect(counts.omitted).toBe(400 - (counts.labels.length - 1));

    const pct = planChart({ kind: "horizontal-bar", title: "参选率", unit: "percent", locale: "zh-CN", labels, series: [{ name: "参选率", values: values.map((v) => v / 400) }] });
    expect(pct.labels).not.toContain("其他");
    expect(pct.subtitle).toMatch(/^另有 \d+ 项未显示$/);
  });

  it("keeps pie/doughnut charts to the largest slices plus 其他", () => {
    const plan = planChart(examples.doughnut);
    expect(plan.labels).toHaveLength(PIE_MAX_SLICES);
    expect(plan.labels.at(-1)).toBe("其他");
    expect(plan.series[0]!.values.at(-1)).toBe(300 + 200 + 100);
    expect(deliverAs(plan)).toBe("photo");
  });

  it("keeps a few labels vertical and renders concurrent charts independently", async () => {
    expect(planChart(examples.bar).horizontal).toBe(false);
    const pngs = await Promise.all([renderChart(examples.bar), renderChart(examples.pie), renderChart(examples.bar)]);
    expect(pngs[0]!.equals(pngs[2]!)).toBe(true); // deterministic
    expect(pngs[0]!.equals(pngs[1]!)).toBe(false);
  });
});
