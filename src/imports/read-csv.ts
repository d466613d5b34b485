/** CSV: encoding detection, delimiter detection and records with their Excel row numbers. */
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import { ImportReadError, type RawRow } from "./source.js";

export type TextEncoding = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  bom: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Valid UTF-8 (with or without BOM) is UTF-8; anything else is read as GB18030, a superset of the
 * GBK that Excel on Chinese Windows writes. A run of GBK bytes is almost never valid UTF-8, so the
 * order of the tries decides correctly in practice. UTF-16 is Excel's "Unicode text" export.
 */
export function decode(bytes: Buffer): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le", bom: true };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be", bom: true };
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    return { text: utf8.decode(bom ? bytes.subarray(3) : bytes), encoding: "utf-8", bom };
  } catch {
    return { text: iconv.decode(bytes, "gb18030"), encoding: "gb18030", bom: false };
  }
}

/** Text files never hold control characters other than tab and line breaks; binaries do. */
export function looksLikeText(text: string): boolean {
  const sample = text.slice(0, 65_536);
  const controls = sample.match(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g)?.length ?? 0;
  return !sample.includes("\x00") && controls <= sample.length / 1000;
}

// Excel honours a first line "sep=;" and does not show it, so row 1 is the line after it.
function splitSepLine(text: string): { body: string; delimiter?: string } {
  const m = /^sep=(.)\r?\n/.exec(text);
  return m ? { body: text.slice(m[0].length), delimiter: m[1]! } : { body: text };
}

function guessDelimiter(body: string): string {
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  let best = ",";
  let bestCount = 0;
  for (const d of [",", "\t", ";"]) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

export async function* csvRows(text: string): AsyncGenerator<RawRow> {
  const { body, delimiter } = splitSepLine(text);
  const parser = parse(body, {
    delimiter: delimiter ?? guessDelimiter(body),
    relax_column_count: true,
    relax_quotes: true, // a stray quote inside an unquoted cell is plain text, not a broken file
    skip_empty_lines: false, // empty lines still count as rows in Excel
  });
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, values: record };
    }
  } catch (error) {
    const e = error as { code?: string; lines?: number; message?: string };
    throw new ImportReadError("MALFORMED_CSV", e.lines === undefined ? e.code : `line ${e.lines}: ${e.code ?? e.message}`);
  }
}
