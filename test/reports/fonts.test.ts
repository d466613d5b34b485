import { existsSync, statSync } from "node:fs";
import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CJK_FONT_FAMILY, cjkFontPaths, registerCjkFont } from "../../src/reports/render/fonts.js";

// A font without CJK glyphs, to get tofu boxes to compare against. DejaVu Sans is on most Linux
// machines (and on ours); where it is missing the tofu comparisons are skipped, not faked.
const LATIN_ONLY_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const LATIN_ONLY_FAMILY = "VoterLink Test Latin Only";
const hasLatinOnly = existsSync(LATIN_ONLY_PATH);

const W = 360;
const H = 80;

/** Grey levels (0 = black ink, 255 = white paper) of `text` drawn at a fixed size and position. */
function render(text: string, family: string): Uint8Array {
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#FFFFFF";
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = "#000000";
  ctx.font = `48px "${family}"`;
  ctx.textBaseline = "middle";
  ctx.fillText(text, 10, H / 2);
  const rgba = ctx.getImageData(0, 0, W, H).data;
  const grey = new Uint8Array(W * H);
  for (let i = 0; i < grey.length; i++) grey[i] = rgba[i * 4]!;
  return grey;
}

const ink = (img: Uint8Array) => img.reduce((n, v) => n + (v < 128 ? 1 : 0), 0);
/** Pixels that are ink in one image and paper in the other. */
const differing = (a: Uint8Array, b: Uint8Array) => a.reduce((n, v, i) => n + ((v < 128) !== (b[i]! < 128) ? 1 : 0), 0);

describe("CJK font", () => {
  afterEach(() => {
    vi.doUnmock("node:fs");
    vi.resetModules();
  });

  it("registers a single-face OTF from the installed package, once", () => {
    const paths = cjkFontPaths();
    for (const { path } of paths) {
      expect(path).toMatch(/node_modules[\\/]@embedpdf[\\/]fonts-sc[\\/]fonts[\\/]NotoSansHans-\w+\.otf$/);
      expect(statSync(path).size).toBeGreaterThan(1_000_000);
    }
    expect(registerCjkFont()).toBe(CJK_FONT_FAMILY);
    const count = () => GlobalFonts.families.find((f) => f.family === CJK_FONT_FAMILY)?.styles.length;
    const before = count();
    expect(registerCjkFont()).toBe(CJK_FONT_FAMILY);
    expect(count()).toBe(before);
    expect(before).toBe(2); // regular and bold
  });

  it("fails with a clear error when the font file is missing", async () => {
    vi.resetModules();
    vi.doMock("node:fs", async (importOriginal) => ({ ...(await importOriginal<typeof import("node:fs")>()), existsSync: () => false }));
    const fresh = await import("../../src/reports/render/fonts.js");
    expect(() => fresh.registerCjkFont()).toThrow(/CJK font file missing: .*NotoSansHans-Regular\.otf/);
  });

  it("draws real glyphs: different Chinese strings give different pixels", () => {
    const family = registerCjkFont();
    const a = render("选区参选率", family);
    const b = render("投票站地址", family);
    expect(ink(a)).toBeGreaterThan(1500);
    expect(differing(a, b)).toBeGreaterThan(0.5 * Math.min(ink(a), ink(b)));
    // Traditional characters (zh-TW) are in the font too.
    const t1 = render("選區參選率", family);
    const t2 = render("臺灣鄉鎮區", family);
    expect(differing(t1, t2)).toBeGreaterThan(0.5 * Math.min(ink(t1), ink(t2)));
  });

  it.skipIf(!hasLatinOnly)("differs substantially from the tofu a font without CJK glyphs draws", () => {
    const family = registerCjkFont();
    GlobalFonts.registerFromPath(LATIN_ONLY_PATH, LATIN_ONLY_FAMILY);
    const ours = render("选区参选率", family);
    const tofu = render("选区参选率", LATIN_ONLY_FAMILY);
    expect(differing(ours, tofu)).toBeGreaterThan(0.5 * ink(tofu));
    // The fallback draws the same box for every missing glyph: two different strings of the same
    // length look (near) identical, which is exactly what a user sees when the font is wrong.
    const tofu2 = render("投票站地址", LATIN_ONLY_FAMILY);
    expect(ink(tofu)).toBeGreaterThan(0);
    expect(differing(tofu, tofu2)).toBeLessThanOrEqual(0.01 * ink(tofu));
    // Latin text is fine in both, so the difference is about CJK glyphs, not a blank canvas.
    expect(ink(render("Turnout 96.3%", LATIN_ONLY_FAMILY))).toBeGreaterThan(500);
  });
});
