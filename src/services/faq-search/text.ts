// Text pipeline of the FAQ matcher: normalisation, traditional → simplified, segmentation (jieba,
// with election terms added), light English stemming, homophone typo repair (pinyin).
import { Jieba } from "@node-rs/jieba";
// Explicit ".js": the package has no "exports" map, and Node ESM does not add extensions.
import { dict } from "@node-rs/jieba/dict.js";
import cncharModule from "cnchar";
import OpenCC from "opencc-js";

/** Longer input is cut before any work: a question is never this long, and time stays bounded. */
export const MAX_INPUT_CHARS = 1000;
/** At most this many distinct terms of a question are scored. */
export const MAX_QUERY_TERMS = 96;

/** Election terms jieba's stock dictionary splits (or joins wrongly); each becomes one word. */
export const ELECTION_WORDS: readonly string[] = [
  "选民证", "选民名单", "选民资格", "选民登记", "选民小组", "流动票箱", "委托投票", "委托书", "代投", "代为投票",
  "代人投票", "人户分离", "户籍", "户口本", "候选人", "代表候选人", "正式候选人", "另行选举", "差额选举", "外出务工",
  "选举日", "投票日", "投票站", "投票点", "选举委员会", "选举法", "选区", "秘密写票处", "写票处", "无记名",
  "罢免", "贿选", "拉票", "买票", "申诉", "人大代表", "述职", "履职", "代写", "上门投票", "见面会", "无障碍",
  "居住证", "身份证", "过半数", "弃权", "反对票", "赞成票", "选票", "重新登记", "漏登", "截止日期",
];

const STOP_ZH = new Set(
  (
    "的 了 吗 呢 吧 啊 呀 哦 嘛 么 喔 哈 嗯 我 你 您 他 她 它 我们 你们 他们 俺 咱 咱们 是 在 有 和 与 或 或者 还是 就 都 也 " +
    "还 又 这 那 这个 那个 这样 那样 个 请 问 问下 请问 一下 下 想 要 会 能 能不能 可以 可不可以 行 行不行 吗 " +
    "怎么 怎么样 怎样 如何 咋 咋办 咋整 咋弄 怎么办 怎么弄 怎么搞 啥 什么 什么样 为啥 呗 得 地 着 过 把 被 给 让 " +
    "对 从 到 跟 就是 但是 因为 所以 如果 然后 现在 一个 一些 些 很 太 好 多 少 大 小 不 没 没有 有没有 自己 人 " +
    "这次 上次 时候 的话 谢谢 你好 您好 麻烦 老师 同志 领导 师傅 机器人 小助手 一 二 儿 里 上 中 吧"
  ).split(/\s+/),
);
const STOP_EN = new Set(
  (
    "a an the and or but if of to in on at by for from with about as into than then so too very just " +
    "i me my mine we our us you your he she it its they them their this that these those there here " +
    "is am are was were be been being do does did done have has had having will would shall should can could " +
    "may might must not no yes please hi hello thanks thank want wanna need know tell let get got go going " +
    "what which how any some anyone someone anything something one ok okay also still there s t"
  ).split(/\s+/),
);

let jieba: Jieba | undefined;
const added = new Set<string>();
/** The segmenter, loaded on first use (the stock dictionary takes ~80 ms and ~50 MB). */
export function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    addWords(ELECTION_WORDS);
  }
  return jieba;
}

/** Adds words to the (shared) segmenter: only pure-Chinese words of 2–8 characters, each once. */
export function addWords(words: Iterable<string>): void {
  const j = segmenter();
  const lines: string[] = [];
  for (const raw of words) {
    const w = toSimplified(normalise(raw)).replace(/\s+/g, "");
    if (added.has(w) || !/^\p{Script=Han}{2,8}$/u.test(w)) continue;
    added.add(w);
    lines.push(`${w} 20000 n`);
  }
  if (lines.length) j.loadDict(Buffer.from(lines.join("\n") + "\n"));
}

/** Full-width → half-width (NFKC), lower case, apostrophes dropped, anything but letters/digits → one space. */
export function normalise(text: string): string {
  return text
    .slice(0, MAX_INPUT_CHARS * 2)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/['’‘`´]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .slice(0, MAX_INPUT_CHARS);
}

// cnchar is CommonJS (module.exports = cnchar) while its typings declare a default export.
const cnchar = ((cncharModule as unknown as { default?: unknown }).default ?? cncharModule) as {
  spell(text: string, ...args: string[]): string | string[];
};

let t2s: ((s: string) => string) | undefined;
/** Traditional (Taiwan phrases, also Hong Kong characters) → simplified; simplified text is unchanged. */
export function toSimplified(text: string): string {
  if (!/\p{Script=Han}/u.test(text)) return text;
  const convert = (t2s ??= OpenCC.Converter({ from: "twp", to: "cn" }));
  return convert(text);
}

export function hasHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/** Chinese words (≥ 2 characters, jieba search mode: 选民名单 → 选民, 名单, 选民名单), minus stop words. */
export function chineseWords(run: string): string[] {
  return segmenter()
    .cutForSearch(run, false)
    .filter((w) => w.length >= 2 && !STOP_ZH.has(w));
}

export function isStopWord(word: string): boolean {
  return STOP_ZH.has(word) || STOP_EN.has(word);
}

/** Chinese characters that carry meaning alone (the fallback channel). */
export function chineseChars(run: string): string[] {
  return [...run].filter((c) => !STOP_ZH.has(c));
}

/** Light English stemmer: plural/tense/-ing/-ation and a final e, so vote/votes/voted/voting/voter meet. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (/(sses|xes|ches|shes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  for (const suf of ["isation", "ization", "ation", "ition", "ment", "ing", "ed", "er", "ly", "ion"]) {
    if (w.endsWith(suf) && w.length - suf.length >= 3) {
      w = w.slice(0, -suf.length);
      break;
    }
  }
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  if (/([bdfgmnprt])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

export function englishWords(run: string): string[] {
  return run
    .split(/\s+/)
    .filter((w) => w && !STOP_EN.has(w))
    .map(stem);
}

// ── homophone typos (选名 → 选民, 投漂 → 投票) ──

const pinyinCache = new Map<string, string>();
/** Toneless pinyin of one character with the usual fuzzy pairs merged (zh/z, ch/c, sh/s, ing/in, eng/en, ang/an, l/n). */
export function fuzzyPinyin(ch: string): string {
  let p = pinyinCache.get(ch);
  if (p === undefined) {
    const spelled = (cnchar.spell(ch, "array", "low") as string[])[0] ?? ch;
    p = spelled === ch ? ch : spelled
      .replace(/^([zcs])h/, "$1")
      .replace(/^l/, "n")
      .replace(/(in|en|an)g$/, "$1");
    if (pinyinCache.size < 20_000) pinyinCache.set(ch, p);
  }
  return p;
}

export function fuzzyPinyinOf(word: string): string {
  return [...word].map(fuzzyPinyin).join(" ");
}

/**
 * Replaces a run's character windows (4, 3, then 2 characters) that are not known words but sound
 * like one (same fuzzy pinyin, at most half the characters different, at least one the same).
 */
export function repairHomophones(run: string, known: ReadonlySet<string>, bySound: ReadonlyMap<string, string>): string {
  // Only characters jieba leaves alone (not part of any dictionary word) may be replaced: a typo makes
  // a non-word (投漂 → 投/漂), while 不是 or 时候 are real words and stay, whatever they sound like.
  const chars = [...run];
  const alone: boolean[] = [];
  for (const tok of segmenter().cut(run, false)) {
    const n = [...tok].length;
    for (let k = 0; k < n; k++) alone.push(n === 1);
  }
  const out: string[] = [];
  for (let i = 0; i < chars.length; ) {
    let step = 0;
    for (let len = Math.min(4, chars.length - i); len >= 2 && step === 0; len--) {
      const window = chars.slice(i, i + len);
      const w = window.join("");
      if (known.has(w)) {
        out.push(w);
        step = len;
        break;
      }
      const target = bySound.get(fuzzyPinyinOf(w));
      if (!target) continue;
      const t = [...target];
      const changed = window.map((c, k) => c !== t[k]);
      const diff = changed.filter(Boolean).length;
      if (diff === 0 || diff * 2 > len || changed.some((c, k) => c && !alone[i + k])) continue;
      out.push(target);
      step = len;
    }
    if (step === 0) {
      out.push(chars[i]!);
      step = 1;
    }
    i += step;
  }
  return out.join("");
}
