// In-memory FAQ matcher: BM25 over question (boosted) + keywords (boosted) + answer, with Chinese
// segmentation (jieba + election terms), traditional → simplified (opencc-js), homophone typo repair,
// light English stemming and staff-editable synonym groups. Pure: no database, no I/O after import.
//
// Method (numbers tuned on test/fixtures/faq-questions.*.json, see test/services/faq-search/eval.test.ts):
// - text: NFKC (full-width → half-width), lower case, punctuation/emoji → space, cut at MAX_INPUT_CHARS;
//   Chinese converted to simplified (twp → cn), so zh-TW entries and questions meet zh-CN ones.
// - terms: Chinese words of ≥ 2 characters (jieba search mode, so 选民名单 also gives 选民 and 名单),
//   English words (stop words dropped, light stemming), and single Chinese characters as a fallback
//   channel: entries index all their characters, but a question's characters count only where the
//   word they belong to is unknown to the index (a typo, a dialect word), at CHAR_WEIGHT.
// - a question's Chinese that is not a known word but sounds like one (same fuzzy pinyin, one character
//   in two different) is repaired first: 选名 → 选民, 投漂 → 投票, 代头 → 代投.
// - synonyms: a group word found in the question adds the group's other words at SYNONYM_WEIGHT.
// - score: Σ idf(t) · Σ_field boost · tf·(k1+1)/(tf + k1·(1−b+b·len/avglen)) per entry (BM25F-like),
//   per locale; entries are merged by `key` (best score), served in the asked locale or else zh-CN.
// - confidence "high": best score ≥ HIGH_MIN_SCORE and ≥ HIGH_MIN_RATIO × the second best.
import {
  MAX_QUERY_TERMS,
  addWords,
  chineseChars,
  chineseWords,
  englishWords,
  fuzzyPinyinOf,
  hasHan,
  isStopWord,
  normalise,
  repairHomophones,
  segmenter,
  stem,
  toSimplified,
} from "./text.js";

export type FaqLocale = "zh-CN" | "en" | "zh-TW";
export const FAQ_LOCALES: readonly FaqLocale[] = ["zh-CN", "en", "zh-TW"];

export interface FaqSearchEntry {
  id: number | string;
  key: string;
  locale: FaqLocale;
  topic: string;
  question: string;
  answer: string;
  keywords: readonly string[];
}

export interface FaqSynonymGroup {
  words: readonly string[];
}

export type FaqConfidence = "high" | "low";

export interface FaqSearchHit<E extends FaqSearchEntry = FaqSearchEntry> {
  /** The entry to show: in the asked locale, or the zh-CN one with the same key when it has none. */
  entry: E;
  key: string;
  /** Locale of `entry`; differs from the asked locale when only zh-CN has this key ("only in Chinese"). */
  locale: FaqLocale;
  fallback: boolean;
  score: number;
  confidence: FaqConfidence;
}

export interface FaqMatcherTuning {
  k1: number;
  b: number;
  boosts: { question: number; keywords: number; answer: number };
  charWeight: number;
  /** Weight of the shorter known words inside a known word of the question. */
  subWordWeight: number;
  synonymWeight: number;
  /** An entry matched by single characters only (no word, no keyword) needs at least this score. */
  minScore: number;
  highMinScore: number;
  highMinRatio: number;
}

export const DEFAULT_TUNING: Readonly<FaqMatcherTuning> = {
  k1: 1.2,
  b: 0.5,
  boosts: { question: 3, keywords: 3, answer: 1 },
  charWeight: 0.5,
  subWordWeight: 0.6,
  synonymWeight: 0.7,
  minScore: 1,
  highMinScore: 5,
  highMinRatio: 2,
};

const FIELDS = ["question", "keywords", "answer"] as const;
type Field = (typeof FIELDS)[number];

type Lang = "zh" | "en";
const langOf = (l: FaqLocale): Lang => (l === "en" ? "en" : "zh");

/** Query: term → weight (1 as asked, synonymWeight when added from a synonym group). */
type Query = Map<string, number>;

interface Doc<E> {
  entry: E;
  tf: Record<Field, Map<string, number>>;
  len: Record<Field, number>;
}

class LocaleIndex<E extends FaqSearchEntry> {
  readonly docs: Doc<E>[] = [];
  readonly df = new Map<string, number>();
  readonly avg: Record<Field, number> = { question: 1, keywords: 1, answer: 1 };

  constructor(entries: readonly E[], analyse: (text: string) => string[]) {
    for (const entry of entries) {
      const texts: Record<Field, string> = { question: entry.question, keywords: entry.keywords.join(" \n "), answer: entry.answer };
      const tf = {} as Record<Field, Map<string, number>>;
      const len = {} as Record<Field, number>;
      const seen = new Set<string>();
      for (const f of FIELDS) {
        const m = new Map<string, number>();
        const terms = analyse(texts[f]);
        if (f === "keywords") for (const k of entry.keywords) terms.push(...phraseTerm(k));
        for (const t of terms) {
          m.set(t, (m.get(t) ?? 0) + 1);
          seen.add(t);
        }
        tf[f] = m;
        len[f] = terms.length;
      }
      for (const t of seen) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      this.docs.push({ entry, tf, len });
    }
    for (const f of FIELDS) {
      const total = this.docs.reduce((s, d) => s + d.len[f], 0);
      this.avg[f] = this.docs.length ? Math.max(1, total / this.docs.length) : 1;
    }
  }

  score(query: Query, tuning: FaqMatcherTuning): { entry: E; score: number; words: boolean }[] {
    const n = this.docs.length;
    const idf = new Map<string, number>();
    for (const t of query.keys()) {
      const df = this.df.get(t);
      if (df) idf.set(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    }
    if (idf.size === 0) return [];
    const { k1, b, boosts } = tuning;
    const out: { entry: E; score: number; words: boolean }[] = [];
    for (const d of this.docs) {
      let s = 0;
      let words = false;
      for (const [t, w] of idf) {
        // BM25F: field frequencies are weighted and length-normalised first, then saturated once, so
        // a term found in question, keywords and answer counts more, but not three times more.
        let tf = 0;
        for (const f of FIELDS) {
          const n = d.tf[f].get(t);
          if (n) tf += (boosts[f] * n) / (1 - b + (b * d.len[f]) / this.avg[f]);
        }
        if (!tf) continue;
        const isChar = t.startsWith("c:");
        s += w * ((tf * (k1 + 1)) / (tf + k1)) * (query.get(t) ?? 0) * (isChar ? tuning.charWeight : 1);
        words ||= !isChar;
      }
      if (s > 0) out.push({ entry: d.entry, score: s, words });
    }
    return out;
  }
}

interface SynonymWord {
  /** Simplified, normalised text (Chinese: matched as a substring of the question). */
  text: string;
  /** Stemmed English token sequence (matched as a run of the question's tokens). */
  tokens: string[];
  terms: string[];
}

export class FaqMatcher<E extends FaqSearchEntry = FaqSearchEntry> {
  private readonly indexes = new Map<FaqLocale, LocaleIndex<E>>();
  private readonly byKey = new Map<string, Partial<Record<FaqLocale, E>>>();
  private readonly order = new Map<string, number>();
  private readonly synonyms: SynonymWord[][] = [];
  /** Chinese words the entries use, and their fuzzy pinyin (for homophone repair). */
  private readonly known = new Set<string>();
  private readonly bySound = new Map<string, string>();
  /** Keywords of all entries as phrases (normalised), looked for verbatim in a question. */
  private readonly phrases = new Set<string>();
  readonly tuning: FaqMatcherTuning;

  constructor(entries: readonly E[], synonyms: readonly FaqSynonymGroup[] = [], tuning: Partial<FaqMatcherTuning> = {}) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning, boosts: { ...DEFAULT_TUNING.boosts, ...tuning.boosts } };
    segmenter();
    addWords(synonyms.flatMap((g) => g.words));
    for (const e of entries) {
      const slot = this.byKey.get(e.key) ?? {};
      if (slot[e.locale]) throw new Error(`faq-search: two ${e.locale} entries with key ${e.key}`);
      slot[e.locale] = e;
      this.byKey.set(e.key, slot);
      if (!this.order.has(e.key)) this.order.set(e.key, this.order.size);
    }
    for (const locale of FAQ_LOCALES) {
      const list = entries.filter((e) => e.locale === locale);
      if (list.length) this.indexes.set(locale, new LocaleIndex(list, (t) => this.analyse(t, langOf(locale))));
    }
    for (const index of this.indexes.values())
      for (const t of index.df.keys()) if (t.startsWith("k:")) this.phrases.add(t.slice(2));
    for (const [locale, index] of this.indexes) {
      if (langOf(locale) !== "zh") continue;
      for (const t of index.df.keys()) if (t.startsWith("w:")) this.known.add(t.slice(2));
    }
    for (const w of this.known) {
      const sound = fuzzyPinyinOf(w);
      const prev = this.bySound.get(sound);
      // Ambiguous sounds repair to nothing rather than to a guess.
      this.bySound.set(sound, prev === undefined || prev === w ? w : "");
    }
    for (const [s, w] of this.bySound) if (!w) this.bySound.delete(s);
    for (const g of synonyms) {
      const words = g.words
        .map((raw) => {
          const text = toSimplified(normalise(raw));
          const tokens = hasHan(text) ? [] : allEnglishWords(text);
          return { text, tokens, terms: this.analyse(text, hasHan(text) ? "zh" : "en", false, false) };
        })
        .filter((w) => w.text && w.terms.length);
      if (words.length > 1) this.synonyms.push(words);
    }
  }

  /** Terms of a text: "w:" Chinese words, "c:" Chinese characters, "e:" English (and digit) words. */
  private analyse(text: string, lang: Lang, withChars = true, searchMode = true): string[] {
    const norm = toSimplified(normalise(text));
    const terms: string[] = [];
    for (const run of norm.match(/\p{Script=Han}+|[^\s\p{Script=Han}]+/gu) ?? []) {
      if (hasHan(run)) {
        const words = searchMode ? chineseWords(run) : segmenter().cut(run, false).filter((w) => w.length >= 2 && !isStopWord(w));
        for (const w of words) terms.push("w:" + w);
        if (withChars) for (const c of chineseChars(run)) terms.push("c:" + c);
      } else {
        for (const w of englishWords(run)) terms.push("e:" + w);
      }
    }
    return terms;
  }

  /** The question's weighted terms, synonyms included. */
  query(question: string): Query {
    const q: Query = new Map();
    const add = (t: string, w: number) => {
      if (q.size >= MAX_QUERY_TERMS && !q.has(t)) return;
      if ((q.get(t) ?? 0) < w) q.set(t, w);
    };
    let norm = toSimplified(normalise(question));
    const runs = norm.match(/\p{Script=Han}+|[^\s\p{Script=Han}]+/gu) ?? [];
    const english: string[] = [];
    const repaired: string[] = [];
    for (const raw of runs) {
      if (hasHan(raw)) {
        const run = repairHomophones(raw, this.known, this.bySound);
        repaired.push(run);
        for (const tok of segmenter().cut(run, false)) {
          // A word the entries know counts once; the shorter words inside it (search mode: 候选人 →
          // 候选, 选人) only a little, else a long word would count two or three times over.
          if (isStopWord(tok)) continue;
          const known = this.known.has(tok);
          const words = tok.length >= 2 ? chineseWords(tok) : [];
          for (const w of words) add("w:" + w, known && w !== tok ? this.tuning.subWordWeight : 1);
          // Characters count only where their word is unknown to the entries (typo, dialect, rare word).
          if (!words.some((w) => this.known.has(w))) for (const c of chineseChars(tok)) add("c:" + c, 1);
        }
      } else {
        repaired.push(raw);
        english.push(...allEnglishWords(raw));
        for (const w of englishWords(raw)) add("e:" + w, 1);
      }
    }
    norm = repaired.join(" ");
    const compact = norm.replace(/\s+/g, "");
    const spaced = ` ${norm} `;
    for (const p of this.phrases) if ((p.startsWith(" ") ? spaced : compact).includes(p)) add("k:" + p, 1);
    for (const group of this.synonyms) {
      const hit = group.some((w) => (w.tokens.length ? containsRun(english, w.tokens) : compact.includes(w.text)));
      if (!hit) continue;
      for (const w of group) for (const t of w.terms) if (!q.has(t)) add(t, this.tuning.synonymWeight);
    }
    return q;
  }

  /** Best entries first (one per key), at most `limit`; empty when no term of the question matches. */
  search(locale: FaqLocale, question: string, limit = 3): FaqSearchHit<E>[] {
    if (!question || limit <= 0) return [];
    const q = this.query(question);
    if (q.size === 0) return [];
    const searched: FaqLocale[] =
      locale === "zh-TW" ? ["zh-TW", "zh-CN"] : locale === "en" ? (hasHan(question) ? ["en", "zh-CN"] : ["en"]) : ["zh-CN"];
    const best = new Map<string, number>();
    for (const l of searched) {
      for (const { entry, score, words } of this.indexes.get(l)?.score(q, this.tuning) ?? []) {
        // Stray single characters alone are not a match unless they add up to minScore.
        if (!words && score < this.tuning.minScore) continue;
        if (score > (best.get(entry.key) ?? 0)) best.set(entry.key, score);
      }
    }
    const ranked = [...best].sort((a, b) => b[1] - a[1] || (this.order.get(a[0]) ?? 0) - (this.order.get(b[0]) ?? 0));
    const top = ranked[0]?.[1] ?? 0;
    const second = ranked[1]?.[1] ?? 0;
    const high = top >= this.tuning.highMinScore && top >= this.tuning.highMinRatio * second;
    const hits: FaqSearchHit<E>[] = [];
    for (const [key, score] of ranked) {
      const slot = this.byKey.get(key)!;
      const entry = slot[locale] ?? slot["zh-CN"];
      if (!entry) continue;
      hits.push({
        entry,
        key,
        locale: entry.locale,
        fallback: entry.locale !== locale,
        score: Math.round(score * 1000) / 1000,
        confidence: hits.length === 0 && high ? "high" : "low",
      });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  /** The entry to show for a key in a locale (zh-CN when the locale has none). */
  entry(locale: FaqLocale, key: string): E | undefined {
    const slot = this.byKey.get(key);
    return slot?.[locale] ?? slot?.["zh-CN"];
  }
}

/** A keyword as one term ("k:"), for keywords the question contains verbatim (after normalisation). */
function phraseTerm(keyword: string): string[] {
  const p = phraseText(keyword);
  if (!p) return [];
  // A keyword that is a single word is already a term of its own.
  const single = hasHan(p) ? segmenter().cut(p, false).length === 1 : p.trim().split(" ").length === 1;
  return single ? [] : ["k:" + p];
}

function phraseText(text: string): string {
  const n = toSimplified(normalise(text));
  // Chinese: spaces do not matter; English: whole words, so " id " does not match inside "idea".
  return hasHan(n) ? n.replace(/\s+/g, "") : n ? ` ${n} ` : "";
}

/** Every English word, stop words included (synonym phrases such as "on my behalf" are matched on these). */
function allEnglishWords(text: string): string[] {
  return text.split(/\s+/).filter(Boolean).map(stem);
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

/** Builds the index once; reuse the matcher for every question. */
export function buildFaqIndex<E extends FaqSearchEntry>(
  entries: readonly E[],
  synonyms: readonly FaqSynonymGroup[] = [],
  tuning: Partial<FaqMatcherTuning> = {},
): FaqMatcher<E> {
  return new FaqMatcher(entries, synonyms, tuning);
}
