/**
 * Traditional → Simplified for what staff files are matched on: header names (選區代碼, 身分證號,
 * 性別) and enum-like cell values (投票站 / 流動票箱, 啟用, 無). The aliases and labels in
 * kinds-*.ts are written in Simplified; both sides are folded, so each also matches its
 * Traditional spelling (Taiwan and Hong Kong forms) with no change to the alias lists.
 * Names, addresses and other free text are data and are never folded.
 */
import { simplifiedCharacters } from "../domain/chinese-script.js";

/**
 * Where Taiwan writes another word, not just other characters (after the character fold):
 * 身分證(字號) is the Taiwan spelling of 身份证(号); 聯絡, 預設 and (電子)信箱 are Taiwan's 联系,
 * 默认 and (电子)邮箱; 程式碼 and 型別 are what OpenCC's Taiwan-phrase conversion (twp) makes of
 * 代码 and 类型.
 */
const WORDS: readonly (readonly [string, string])[] = [
  ["身分", "身份"],
  ["证字号", "证号"],
  ["联络", "联系"],
  ["预设", "默认"],
  ["信箱", "邮箱"],
  ["程式码", "代码"],
  ["型别", "类型"],
];

/** Traditional characters to Simplified; everything else is left as it is. */
export const foldTraditional = simplifiedCharacters;

/** foldTraditional, then Taiwan header words to the mainland ones the aliases use. For headers only. */
export function foldTraditionalHeader(s: string): string {
  let out = simplifiedCharacters(s);
  for (const [tw, cn] of WORDS) out = out.replaceAll(tw, cn);
  return out;
}
