// Taiwan and Hong Kong characters → their simplified forms, character by character (OpenCC's
// variant tables, not phrases: a name or a header word is not a phrase to re-word). One converter
// for the roll's names, the stroke order of candidate lists and the headers and labels of staff
// imports; the FAQ's question matching converts Taiwan phrases too (faq-search/text.ts).
import * as OpenCC from "opencc-js";

// Built on first need: most text is simplified already and never pays for the dictionaries.
let convert: ((text: string) => string) | undefined;

/** `text` with every Traditional character in its simplified form; other text is unchanged. */
export function simplifiedCharacters(text: string): string {
  if (!/\p{Script=Han}/u.test(text)) return text;
  convert ??= ((tw, hk) => (s: string) => hk(tw(s)))(OpenCC.Converter({ from: "tw", to: "cn" }), OpenCC.Converter({ from: "hk", to: "cn" }));
  return convert(text);
}
