/**
 * The CJK font for server-side rendering (charts).
 *
 * Without a font that has Chinese glyphs every Chinese label renders as boxes ("tofu"): servers
 * rarely have one installed, so we ship our own from npm — `@embedpdf/fonts-sc`, Noto Sans Hans
 * (Noto Sans SC, region-specific subset OTF; SIL Open Font License 1.1). It covers GB 2312 and the
 * common traditional characters (選區, 臺灣, 鄉鎮), so zh-TW labels render too.
 *
 * Single-face .otf files on purpose: a .ttc collection registers only its first face (Japanese
 * in the Noto CJK collections) in @napi-rs/canvas. Regular and Bold are registered under one
 * family name of our own, so `bold 16px "<family>"` picks the real bold face (chart titles).
 * Registration maps the files (≈ 8 MB each) and takes a few milliseconds; it happens once per
 * process, on first use.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { GlobalFonts } from "@napi-rs/canvas";

/** The family name to use in canvas `font` strings and chart.js options. Ours, so it cannot clash with a system font. */
export const CJK_FONT_FAMILY = "VoterLink Noto Sans SC";

export const CJK_FONT_PACKAGE = "@embedpdf/fonts-sc";

/** Files inside the package's fonts/ directory, with the CSS weight each one is. */
export const CJK_FONT_FILES = [
  { file: "NotoSansHans-Regular.otf", weight: 400 },
  { file: "NotoSansHans-Bold.otf", weight: 700 },
] as const;

/** The package's fonts/ directory. The package's `exports` map exposes only its JS entry, so we
 *  resolve that (dist/index.cjs) and step up to the package root. */
export function cjkFontDirectory(): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(CJK_FONT_PACKAGE);
  } catch (cause) {
    throw new Error(
      `CJK font package ${CJK_FONT_PACKAGE} is not installed (npm ci); without it Chinese text in charts renders as boxes`,
      { cause },
    );
  }
  return join(dirname(dirname(entry)), "fonts");
}

/** Absolute paths of the font files; throws a clear error when one is missing. */
export function cjkFontPaths(): { path: string; weight: number }[] {
  const dir = cjkFontDirectory();
  return CJK_FONT_FILES.map(({ file, weight }) => {
    const path = join(dir, file);
    if (!existsSync(path)) {
      throw new Error(
        `CJK font file missing: ${path} (expected in ${CJK_FONT_PACKAGE}); without it Chinese text in charts renders as boxes`,
      );
    }
    return { path, weight };
  });
}

let registered = false;

/**
 * Registers the CJK font with @napi-rs/canvas once per process (later calls do nothing) and
 * returns the family name. Throws if a file is missing or cannot be loaded as a font.
 */
export function registerCjkFont(): string {
  if (registered) return CJK_FONT_FAMILY;
  for (const { path } of cjkFontPaths()) {
    // registerFromPath returns null when the file is not a usable font.
    const key = GlobalFonts.registerFromPath(path, CJK_FONT_FAMILY);
    if (key === null || key === undefined) throw new Error(`could not load CJK font ${path}`);
  }
  if (!GlobalFonts.has(CJK_FONT_FAMILY)) throw new Error(`CJK font family ${CJK_FONT_FAMILY} did not register`);
  registered = true;
  return CJK_FONT_FAMILY;
}
