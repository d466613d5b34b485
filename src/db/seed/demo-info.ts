// The demo county's information for voters (issue 7 part B), kept apart from demo-data.ts:
// coordinates of the villages/communities, the candidates' profile fields (民族, 政治面貌, 学历),
// their meetings with voters placed relative to election day, and the FAQ in three locales with
// its synonym table. Deterministic: no clock, no Math.random.
import { addDays, fromDbDate, type LocalDate } from "../../domain/dates.js";
import { instantAt } from "../../domain/zoned-time.js";
import { FAQ_EN } from "./faq-en.js";
import { withKeys } from "./faq-keys.js";
import { FAQ_SYNONYMS } from "./faq-synonyms.js";
import { FAQ_ZH_CN } from "./faq-zh-CN.js";
import { FAQ_ZH_TW } from "./faq-zh-TW.js";

/** The demo county lies in China Standard Time; meetings are written in its wall-clock time. */
export const DEMO_TIMEZONE = "Asia/Shanghai";

/**
 * A point near the centre of each village/community (WGS-84), a few hundred metres from its
 * polling station in demo-data.ts. Fictional, like the county.
 */
export const DEMO_AREA_COORDINATES: Readonly<Record<string, readonly [number, number]>> = {
  "999901001001": [30.1115, 120.0895], // 青禾社区
  "999901001002": [30.117, 120.096], // 新街社区
  "999901001201": [30.104, 120.081], // 东村
  "999901001202": [30.0992, 120.0652], // 西村
  "999901001203": [30.085, 120.0738], // 南塘村
  "999901002001": [30.1605, 120.153], // 石桥社区
  "999901002201": [30.179, 120.1698], // 北岭村
  "999901002202": [30.1905, 120.1852], // 上坪村
};

export interface CandidateProfile {
  ethnicity: string;
  party: string;
  education: string;
}

// Weighted towards what county rolls look like; 畲族/回族 for the minorities of such a county.
const ETHNICITIES = ["汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "畲族", "汉族", "回族", "汉族"];
const PARTIES = ["中共党员", "群众", "中共党员", "无党派人士", "中共党员", "民盟盟员", "群众", "共青团员", "中共党员", "农工党党员"];
const EDUCATION = ["大学本科", "大专", "高中", "大学本科", "研究生", "中专", "大专", "大学本科", "初中", "大学本科"];

/**
 * Profile fields of the candidate at `index` of the demo list. Derived from the index alone (not
 * from the roll's random stream, so adding them changed no other demo row).
 */
export function candidateProfile(index: number): CandidateProfile {
  const at = <T>(list: readonly T[], step: number): T => list[(index * step + 3) % list.length]!;
  return { ethnicity: at(ETHNICITIES, 7), party: at(PARTIES, 3), education: at(EDUCATION, 9) };
}

export interface DemoMeeting {
  startsAt: Date;
  endsAt: Date;
  place: string;
  address: string | null;
  note: string | null;
}

interface PlaceLike {
  constituencyCode: string;
  kind: string;
  name: string;
  address: string;
}

const at = (day: LocalDate, hh: number, mm = 0): Date => instantAt(day, hh * 60 + mm, DEMO_TIMEZONE);

/**
 * Meetings of one candidate (the `k`-th of constituency `code`): a joint meeting of all the
 * constituency's candidates five days before E, and one of their own two to four days before E —
 * always after the formal list (E−8 at the latest) and before E, when introductions stop (选举法 34).
 */
export function demoMeetings(electionDay: Date, code: string, k: number, places: readonly PlaceLike[]): DemoMeeting[] {
  const e = fromDbDate(electionDay);
  const station = places.find((p) => p.constituencyCode === code && p.kind !== "MOBILE_BOX");
  const hall = station?.name.replace(/投票站$|选举大会$/, "") ?? "选区";
  const joint: DemoMeeting = {
    startsAt: at(addDays(e, -5), 19, 0),
    endsAt: at(addDays(e, -5), 20, 30),
    place: `${hall}候选人与选民见面会`,
    address: station?.address ?? null,
    note: "本选区全体正式代表候选人参加，选民可以当面提问。",
  };
  const own: DemoMeeting = {
    startsAt: at(addDays(e, -(2 + (k % 3))), 9 + (k % 2) * 5, 30),
    endsAt: at(addDays(e, -(2 + (k % 3))), 11 + (k % 2) * 5, 0),
    place: k % 2 === 0 ? `${hall}选民小组座谈` : `${hall}文化活动室`,
    address: station?.address ?? null,
    note: null,
  };
  return [joint, own];
}

export interface DemoFaqEntry {
  key: string;
  locale: "zh-CN" | "en" | "zh-TW";
  topic: string;
  question: string;
  answer: string;
  keywords: string[];
}

/** The demo FAQ in zh-CN (with its keys and the keyword additions of faq-keys.ts), en and zh-TW. */
export function demoFaq(): DemoFaqEntry[] {
  const rows = (locale: DemoFaqEntry["locale"], list: readonly { key: string; topic: string; question: string; answer: string; keywords: readonly string[] }[]) =>
    list.map((f) => ({ key: f.key, locale, topic: f.topic, question: f.question, answer: f.answer, keywords: [...f.keywords] }));
  return [...rows("zh-CN", withKeys(FAQ_ZH_CN)), ...rows("en", FAQ_EN), ...rows("zh-TW", FAQ_ZH_TW)];
}

/** The synonym groups staff start from (FaqSynonym rows). */
export function demoFaqSynonyms(): { words: string[] }[] {
  return FAQ_SYNONYMS.map((g) => ({ words: [...g.words] }));
}
