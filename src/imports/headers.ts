import { foldTraditionalHeader } from "./traditional.js";

/**
 * Header matching: staff templates write "性别(男/女)", "姓名*", "ＩＤ＿Ｎｕｍｂｅｒ", "Full name",
 * "選區代碼", "身分證號".
 * NFKC folds full-width letters, digits and brackets to half-width; notes in brackets, spaces,
 * underscores, hyphens and required-markers are dropped; case is ignored; Traditional characters
 * (and a few Taiwan words) fold to Simplified (traditional.ts). Aliases and the file's headers go
 * through the same fold, so every alias also matches its Traditional spelling.
 */
export function normaliseHeader(header: string): string {
  return foldTraditionalHeader(
    header
      .normalize("NFKC")
      .toLowerCase()
      .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g, "")
      .replace(/[\s_\-*:：.。·]/g, ""),
  );
}

/** Column letters ("A", "AB") to a 1-based column number. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}
