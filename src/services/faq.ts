// Answers from the FAQ staff maintain, matched against the words a voter used.
import type { FaqEntry, PrismaClient } from "@prisma/client";

/** An FAQ entry as the bot shows it. */
export interface FaqAnswer {
  id: number;
  locale: string;
  topic: string;
  question: string;
  answer: string;
}

export interface FaqMatch {
  entry: FaqAnswer;
  score: number;
}

function toAnswer(e: FaqEntry): FaqAnswer {
  return { id: e.id, locale: e.locale, topic: e.topic, question: e.question, answer: e.answer };
}

// Entries change rarely; a short cache keeps a free-text question to one lookup at most.
const CACHE_MS = 60_000;

export class FaqService {
  private cache = new Map<string, { at: number; entries: FaqEntry[] }>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly fallbackLocale: string,
  ) {}

  /** The locale's entries, or the fallback locale's when it has none yet. */
  async entries(locale: string, now = Date.now()): Promise<FaqEntry[]> {
    const hit = this.cache.get(locale);
    if (hit && now - hit.at < CACHE_MS) return hit.entries;
    let entries = await this.prisma.faqEntry.findMany({ where: { locale }, orderBy: { id: "asc" } });
    if (entries.length === 0 && locale !== this.fallbackLocale) entries = await this.entries(this.fallbackLocale, now);
    this.cache.set(locale, { at: now, entries });
    return entries;
  }

  /** Forgets the cached entries (after staff added or changed one), on this instance. */
  invalidate(): void {
    this.cache.clear();
  }

  async topics(locale: string): Promise<string[]> {
    return [...new Set((await this.entries(locale)).map((e) => e.topic))];
  }

  async byTopic(locale: string, topic: string): Promise<FaqAnswer[]> {
    return (await this.entries(locale)).filter((e) => e.topic === topic).map(toAnswer);
  }

  async get(id: number): Promise<FaqAnswer | null> {
    const e = await this.prisma.faqEntry.findUnique({ where: { id } });
    return e ? toAnswer(e) : null;
  }

  /** Best matches first; empty when nothing shares a keyword with the question. */
  async search(locale: string, question: string, limit = 3): Promise<FaqMatch[]> {
    const text = normalise(question);
    if (text.length === 0) return [];
    return (await this.entries(locale))
      .map((entry) => ({ entry, score: score(entry, text) }))
      .filter((m) => m.score > 0)
      .sort((a, b) => b.score - a.score || a.entry.id - b.entry.id)
      .slice(0, limit)
      .map((m) => ({ entry: toAnswer(m.entry), score: m.score }));
  }
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[\s\p{P}]+/gu, "");
}

// Normalised once per entry object (entries live in the cache), not once per question asked.
const prepared = new WeakMap<FaqEntry, { keys: string[]; question: string }>();
function preparedOf(entry: FaqEntry) {
  let p = prepared.get(entry);
  if (!p) prepared.set(entry, (p = { keys: entry.keywords.map(normalise).filter(Boolean), question: normalise(entry.question) }));
  return p;
}

// Longer keywords say more; a question quoted whole says most.
function score(entry: FaqEntry, text: string): number {
  const { keys, question } = preparedOf(entry);
  let s = 0;
  for (const key of keys) if (text.includes(key)) s += key.length;
  if (s > 0 && question.includes(text)) s += 10;
  return s;
}
