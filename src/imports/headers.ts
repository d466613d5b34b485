/**
 * Header matching: staff templates write "性别(男/女)", "姓名*", "ＩＤ＿Ｎｕｍｂｅｒ", "Full name".
 * NFKC folds full-width letters, digits and brackets to half-width; notes in brackets, spaces,
 * underscores, hyphens and required-markers are dropped; case is ignored.
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g, "")
    .replace(/[\s_\-*:：.。·]/g, "");
}

/** Column letters ("A", "AB") to a 1-based column number. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}
