// Between the two Chinese scripts with OpenCC's tables.
// - simplifiedCharacters: Taiwan and Hong Kong characters → simplified, character by character
//   (variant tables, not phrases: a name or a header word is not a phrase to re-word). For the
//   roll's names, the stroke order of candidate lists, the headers and labels of staff imports.
// - traditionalText: simplified → Taiwan's traditional characters, for texts written only in
//   simplified (the import problem messages) shown to a zh-TW reader. Characters, not Taiwan
//   phrases: 代码 stays 代碼, not 程式碼.
// The FAQ's question matching converts Taiwan phrases too (faq-search/text.ts).
import * as OpenCC from "opencc-js";

// Built on first need: most text never pays for the dictionaries.
let toSimplified: ((text: string) => string) | undefined;
let toTraditional: ((text: string) => string) | undefined;

/** `text` with every Traditional character in its simplified form; other text is unchanged. */
export function simplifiedCharacters(text: string): string {
  if (!/\p{Script=Han}/u.test(text)) return text;
  toSimplified ??= ((tw, hk) => (s: string) => hk(tw(s)))(OpenCC.Converter({ from: "tw", to: "cn" }), OpenCC.Converter({ from: "hk", to: "cn" }));
  return toSimplified(text);
}

/** `text` in Taiwan's traditional characters; text without Chinese characters is unchanged. */
export function traditionalText(text: string): string {
  if (!/\p{Script=Han}/u.test(text)) return text;
  const convert = (toTraditional ??= OpenCC.Converter({ from: "cn", to: "tw" }));
  return convert(text);
}
