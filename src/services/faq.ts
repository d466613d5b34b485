// Answers from the FAQ staff maintain, matched against the words a voter used (faq-search: jieba,
// simplified ↔ traditional, staff-editable synonyms, BM25F), and what voters said of the answers.
//
// The index covers the entries of all three locales and the synonym table; it is built once and
// rebuilt when they change: at once after a change made through this service (invalidate()), and
// within CHECK_MS after a change made elsewhere (another instance, an import), found by a cheap
// count/max(updatedAt) query. An entry missing in a locale is served from zh-CN (fallback: true).
import type { FaqEntry, PrismaClient } from "@prisma/client";
import { BatchWriter } from "../db/batch-writer.js";
import type { SqlExecutor } from "../db/hot-path.js";
import type { Logger } from "../observability/logger.js";
import type { Clock } from "./clock.js";
import { systemClock } from "./clock.js";
import { FAQ_LOCALES, FaqMatcher, type FaqConfidence, type FaqLocale, type FaqSearchEntry, type FaqSearchHit } from "./faq-search/matcher.js";

/** An FAQ entry as the bot shows it. */
export interface FaqAnswer {
  id: number;
  /** Stable across locales (entries without a key get "#<id>"). */
  key: string;
  /** The entry's own locale: differs from the asked one when only zh-CN has this answer. */
  locale: string;
  topic: string;
  question: string;
  answer: string;
  /** True when the asked locale has no version of this answer and zh-CN's is shown. */
  fallback: boolean;
}

export interface FaqMatch {
  entry: FaqAnswer;
  score: number;
  /** "high" only for the best match when it stands clearly above the rest (see faq-search/matcher.ts). */
  confidence: FaqConfidence;
}

export type FeedbackSource = "search" | "suggestion" | "topic";

export interface FeedbackSummaryRow {
  key: string;
  shown: number;
  helpful: number;
  notHelpful: number;
}

export interface SynonymGroup {
  id: number;
  words: string[];
}

/** How often another instance's (or an import's) changes are looked for. */
export const CHECK_MS = 60_000;

/**
 * The matcher's tuning as the bot uses it. An entry matched by single characters only (no word,
 * no keyword in common) needs a score of 3, not 1: otherwise small talk ("今天天气怎么样") got three
 * unrelated suggestions through stray characters (天, 气). Measured on the labelled sets this costs
 * 2 of 194 zh-CN questions their top-3 hit and nothing elsewhere (README, FAQ section).
 */
export const FAQ_TUNING = { minScore: 3 } as const;

type Indexed = FaqSearchEntry & { id: number; locale: FaqLocale; row: FaqEntry };

interface Index {
  matcher: FaqMatcher<Indexed>;
  /** Keys in the order staff added them (the order of topics and of a topic's questions). */
  keys: string[];
  byId: Map<number, Indexed>;
  signature: string;
  checkedAt: number;
  /**
   * Answers already worked out, by locale and question as typed: many people ask the same few
   * questions ("代投怎么办理"), and segmenting and ranking costs about a millisecond each time.
   * Belongs to this index, so a change to the entries or synonyms starts it afresh.
   */
  answers: Map<string, FaqSearchHit<Indexed>[]>;
}

/** Questions remembered per index (least recently asked dropped first). */
const ANSWER_CACHE_MAX = 5_000;

const keyOf = (e: Pick<FaqEntry, "id" | "key">): string => e.key ?? `#${e.id}`;
const asLocale = (l: string): FaqLocale => ((FAQ_LOCALES as readonly string[]).includes(l) ? (l as FaqLocale) : "zh-CN");

function toAnswer(e: Indexed, asked: FaqLocale): FaqAnswer {
  const { id, key, locale, topic, question, answer } = e;
  return { id, key, locale, topic, question, answer, fallback: locale !== asked };
}

interface ShownRow {
  id: number;
  userId: number | null;
  entryKey: string;
  locale: string;
  fallback: boolean;
  source: FeedbackSource;
  shownAt: Date;
}

export class FaqService {
  private index: Promise<Index> | undefined;

  /**
   * An answer shown is a row, written on most free-text messages: with the hot-path executor the
   * rows are written behind (in batches) under ids reserved ahead. Without it (tests that pass
   * only Prisma), each row goes through Prisma at once.
   */
  private readonly shown: { rows: BatchWriter<ShownRow>; ids: IdBlocks } | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock = systemClock,
    hotPath?: { sql: SqlExecutor; log: Logger; flushMs: number },
  ) {
    if (hotPath) {
      const { sql, log, flushMs } = hotPath;
      this.shown = {
        rows: new BatchWriter({ write: (rows) => storeShown(sql, rows), what: "FAQ answers shown", log, flushMs, batch: 200, maxQueued: 100_000 }),
        ids: new IdBlocks(sql),
      };
    }
  }

  /** Writes the "answer shown" rows queued so far (they are written behind, within flushMs). */
  async flush(): Promise<void> {
    await this.shown?.rows.flush();
  }

  /** Writes what is queued, at shutdown. */
  async stop(): Promise<void> {
    await this.shown?.rows.stop();
  }

  /** Drops the index: the next question rebuilds it from the database. */
  invalidate(): void {
    this.index = undefined;
  }

  private async signature(): Promise<string> {
    const [entries, synonyms] = await Promise.all([
      this.prisma.faqEntry.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
      this.prisma.faqSynonym.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
    ]);
    return [entries._count._all, entries._max.updatedAt?.getTime(), synonyms._count._all, synonyms._max.updatedAt?.getTime()].join("/");
  }

  private async build(): Promise<Index> {
    const signature = await this.signature();
    const [rows, synonyms] = await Promise.all([
      this.prisma.faqEntry.findMany({ where: { locale: { in: [...FAQ_LOCALES] } }, orderBy: { id: "asc" } }),
      this.prisma.faqSynonym.findMany({ orderBy: { id: "asc" }, select: { words: true } }),
    ]);
    const entries: Indexed[] = rows.map((row) => ({
      id: row.id,
      key: keyOf(row),
      locale: asLocale(row.locale),
      topic: row.topic,
      question: row.question,
      answer: row.answer,
      keywords: row.keywords,
      row,
    }));
    const keys = [...new Set(entries.map((e) => e.key))];
    return {
      matcher: new FaqMatcher(entries, synonyms, FAQ_TUNING),
      keys,
      byId: new Map(entries.map((e) => [e.id, e])),
      signature,
      checkedAt: this.clock.now().getTime(),
      answers: new Map(),
    };
  }

  /** The current index; checks for changes made elsewhere at most every CHECK_MS. */
  private async current(): Promise<Index> {
    const pending = (this.index ??= this.build());
    let index: Index;
    try {
      index = await pending;
    } catch (e) {
      if (this.index === pending) this.index = undefined; // a failed build is retried next time
      throw e;
    }
    const now = this.clock.now().getTime();
    if (now - index.checkedAt < CHECK_MS) return index;
    index.checkedAt = now;
    if ((await this.signature()) === index.signature) return index;
    if (this.index === pending) this.invalidate();
    return this.current(); // the rebuilt index is checked now, so this does not loop
  }

  /** Best matches first (at most `limit`), one per answer; empty when no word of the question matches. */
  async search(locale: string, question: string, limit = 3): Promise<FaqMatch[]> {
    const asked = asLocale(locale);
    const { matcher, answers } = await this.current();
    const key = `${asked}\u0000${limit}\u0000${question}`;
    let hits = answers.get(key);
    if (hits) answers.delete(key); // re-inserted below: the Map's order is least recently asked first
    else hits = matcher.search(asked, question, limit);
    answers.set(key, hits);
    if (answers.size > ANSWER_CACHE_MAX) answers.delete(answers.keys().next().value!);
    return hits.map((h) => ({ entry: toAnswer(h.entry, asked), score: h.score, confidence: h.confidence }));
  }

  /** The answer with this key in the locale, or the zh-CN one. */
  async byKey(locale: string, key: string): Promise<FaqAnswer | null> {
    const asked = asLocale(locale);
    const e = (await this.current()).matcher.entry(asked, key);
    return e ? toAnswer(e, asked) : null;
  }

  /** Every answer in the locale (zh-CN where it has none), in the order staff added them. */
  async entries(locale: string): Promise<FaqAnswer[]> {
    const asked = asLocale(locale);
    const { matcher, keys } = await this.current();
    return keys.flatMap((k) => {
      const e = matcher.entry(asked, k);
      return e ? [toAnswer(e, asked)] : [];
    });
  }

  async topics(locale: string): Promise<string[]> {
    return [...new Set((await this.entries(locale)).map((e) => e.topic))];
  }

  async byTopic(locale: string, topic: string): Promise<FaqAnswer[]> {
    return (await this.entries(locale)).filter((e) => e.topic === topic);
  }

  /** An entry by id, shown in `locale` when that locale has the same answer (else as it is). */
  async get(id: number, locale?: string): Promise<FaqAnswer | null> {
    const index = await this.current();
    const e = index.byId.get(id);
    if (e) {
      const asked = locale ? asLocale(locale) : e.locale;
      const inLocale = index.matcher.entry(asked, e.key) ?? e;
      return toAnswer(inLocale, asked);
    }
    // Added since the index was built (another instance): read it directly.
    const row = await this.prisma.faqEntry.findUnique({ where: { id } });
    if (!row) return null;
    const l = asLocale(row.locale);
    return toAnswer({ ...row, key: keyOf(row), locale: l, keywords: row.keywords, row }, locale ? asLocale(locale) : l);
  }

  // ───────── staff editing (the index follows at once) ─────────

  async addEntry(e: { key?: string | null; locale: FaqLocale; topic: string; question: string; answer: string; keywords?: string[] }): Promise<FaqAnswer> {
    const row = await this.prisma.faqEntry.create({
      data: { key: e.key ?? null, locale: e.locale, topic: e.topic, question: e.question, answer: e.answer, keywords: e.keywords ?? [] },
    });
    this.invalidate();
    const l = asLocale(row.locale);
    return toAnswer({ ...row, key: keyOf(row), locale: l, row }, l);
  }

  async synonyms(): Promise<SynonymGroup[]> {
    return this.prisma.faqSynonym.findMany({ orderBy: { id: "asc" }, select: { id: true, words: true } });
  }

  /** Adds a group (id absent) or replaces its words; fewer than two distinct words removes it. */
  async saveSynonyms(words: readonly string[], id?: number): Promise<SynonymGroup | null> {
    const clean = [...new Set(words.map((w) => w.trim()).filter((w) => w.length > 0 && w.length <= 40))];
    let saved: SynonymGroup | null = null;
    if (clean.length < 2) {
      if (id !== undefined) await this.prisma.faqSynonym.deleteMany({ where: { id } });
    } else {
      saved = id === undefined
        ? await this.prisma.faqSynonym.create({ data: { words: clean }, select: { id: true, words: true } })
        : await this.prisma.faqSynonym.update({ where: { id }, data: { words: clean }, select: { id: true, words: true } });
    }
    this.invalidate();
    return saved;
  }

  // ───────── "was this helpful?" ─────────

  /** Records that an answer was shown; the id goes into its 👍/👎 buttons. */
  async recordShown(userId: number | null, answer: Pick<FaqAnswer, "key" | "fallback">, locale: string, source: FeedbackSource): Promise<number> {
    const data = { userId, entryKey: answer.key, locale: asLocale(locale), fallback: answer.fallback, source, shownAt: this.clock.now() };
    if (!this.shown) return (await this.prisma.faqFeedback.create({ data, select: { id: true } })).id;
    const id = await this.shown.ids.next();
    this.shown.rows.record({ id, ...data });
    return id;
  }

  /**
   * The person's 👍 (true) or 👎 (false) on an answer shown to them. Pressing again changes
   * nothing; pressing the other one changes their mind. "gone" for an answer not shown to them.
   */
  async recordFeedback(userId: number, feedbackId: number, helpful: boolean): Promise<"saved" | "unchanged" | "changed" | "gone"> {
    // The answer may have been shown a moment ago and its row still be queued.
    await this.flush();
    const row = await this.prisma.faqFeedback.findUnique({ where: { id: feedbackId }, select: { userId: true, helpful: true } });
    if (!row || row.userId !== userId) return "gone";
    if (row.helpful === helpful) return "unchanged";
    await this.prisma.faqFeedback.update({ where: { id: feedbackId }, data: { helpful, answeredAt: this.clock.now() } });
    return row.helpful === null ? "saved" : "changed";
  }

  /** Per answer: how often shown, found helpful, not helpful (for staff: which answers to rewrite). */
  async feedbackSummary(since?: Date): Promise<FeedbackSummaryRow[]> {
    await this.flush();
    const rows = await this.prisma.faqFeedback.groupBy({
      by: ["entryKey", "helpful"],
      where: since ? { shownAt: { gte: since } } : {},
      _count: { _all: true },
    });
    const out = new Map<string, FeedbackSummaryRow>();
    for (const r of rows) {
      const s = out.get(r.entryKey) ?? { key: r.entryKey, shown: 0, helpful: 0, notHelpful: 0 };
      s.shown += r._count._all;
      if (r.helpful === true) s.helpful += r._count._all;
      if (r.helpful === false) s.notHelpful += r._count._all;
      out.set(r.entryKey, s);
    }
    return [...out.values()].sort((a, b) => b.notHelpful - a.notHelpful || b.shown - a.shown || a.key.localeCompare(b.key));
  }
}

// The rows of answers shown, in one statement; their ids were reserved by IdBlocks. A person who
// deleted their data between the answer and the write is left out of the row, as the foreign
// key's ON DELETE SET NULL would have done had the row been written first.
async function storeShown(sql: SqlExecutor, rows: ShownRow[]): Promise<void> {
  await sql(
    `INSERT INTO "FaqFeedback" ("id", "userId", "entryKey", "locale", "fallback", "source", "shownAt")
     SELECT t."id", u."id", t."entryKey", t."locale", t."fallback", t."source", t."shownAt"
     FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::timestamp(3)[])
       AS t("id", "userId", "entryKey", "locale", "fallback", "source", "shownAt")
     LEFT JOIN "User" u ON u."id" = t."userId"`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.userId),
      rows.map((r) => r.entryKey),
      rows.map((r) => r.locale),
      rows.map((r) => r.fallback),
      rows.map((r) => r.source),
      rows.map((r) => r.shownAt.toISOString()),
    ],
  );
}

/**
 * FaqFeedback ids taken from the table's own sequence, ID_BLOCK at a time: an answer gets its id
 * (for its buttons) without a statement of its own. Ids unused at shutdown are simply skipped.
 */
const ID_BLOCK = 100;

class IdBlocks {
  private ids: number[] = [];
  private taken = 0;
  private reserving: Promise<void> | undefined;

  constructor(private readonly sql: SqlExecutor) {}

  async next(): Promise<number> {
    while (this.taken >= this.ids.length) await (this.reserving ??= this.reserve().finally(() => (this.reserving = undefined)));
    return this.ids[this.taken++]!;
  }

  private async reserve(): Promise<void> {
    const rows = await this.sql<{ id: string | number }>(
      `SELECT nextval(pg_get_serial_sequence('"FaqFeedback"', 'id')) AS "id" FROM generate_series(1, $1::int)`,
      [ID_BLOCK],
    );
    this.ids = rows.map((r) => Number(r.id));
    this.taken = 0;
  }
}
