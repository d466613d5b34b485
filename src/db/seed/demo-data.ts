// Deterministic demo data for the fictional 示例县 (Demo County): plain objects, no Prisma, no clock,
// no Math.random. Rows refer to each other by code / voter number; seed.ts maps those to ids.
// Area codes use the non-existent province prefix 99 so they can never match a real place.
import { candidateRange } from "../../domain/candidate-rules.js";
import { addDays, parseLocalDate, type LocalDate } from "../../domain/dates.js";
import { DEMO_AREA_COORDINATES, candidateProfile, demoFaq, demoFaqSynonyms, demoMeetings, type DemoFaqEntry, type DemoMeeting } from "./demo-info.js";

export const DEMO_SEED = 20261215;
export const DEMO_COUNTY_CODE = "999901";
export const DEMO_ELECTION_NAME = "示例县第十九届人民代表大会代表选举";

export interface DemoArea {
  code: string;
  name: string;
  level: "COUNTY" | "TOWNSHIP" | "VILLAGE" | "COMMUNITY";
  parentCode: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface DemoElection {
  name: string;
  kind: "COUNTY_CONGRESS";
  areaCode: string;
  electionDay: Date;
  rollPublishedOn: Date;
  preliminaryCandidatesOn: Date;
  formalCandidatesOn: Date;
  rules: { maxProxiesPerPerson: number; objectionDays: number; committeeDecisionDays: number };
}

export interface DemoVoterGroup {
  name: string;
  leaderName: string;
}

export interface DemoConstituency {
  code: string;
  name: string;
  seats: number;
  basis: "RESIDENCE" | "WORK_UNIT";
  workUnits: string[];
  description: string;
  /** Villages/communities covered (RESIDENCE only). */
  areaCodes: string[];
  voterGroups: DemoVoterGroup[];
}

export interface DemoRollEntry {
  constituencyCode: string;
  voterGroupName: string;
  voterNo: string;
  fullName: string;
  idLast4: string;
  birthDate: Date;
  gender: "M" | "F";
  hukouAreaCode: string;
  residenceAreaCode: string;
  address: string;
  workUnit: string | null;
  awayForWork: boolean;
  status: "LISTED" | "NOT_LISTED" | "SUSPENDED";
}

export interface DemoCandidate {
  constituencyCode: string;
  fullName: string;
  gender: "M" | "F";
  birthYear: number;
  occupation: string;
  bio: string;
  nominationKind: "PARTY_OR_ORGANISATION" | "JOINT_VOTERS";
  nominatedBy: string;
  ethnicity: string;
  party: string;
  education: string;
  meetings: DemoMeeting[];
}

export interface DemoPollingPlace {
  constituencyCode: string;
  kind: "STATION" | "ELECTION_MEETING" | "MOBILE_BOX";
  name: string;
  address: string;
  opensAt: string;
  closesAt: string;
  latitude: number;
  longitude: number;
  stepFree: boolean;
  accessibility: string | null;
}

export interface DemoDelegate {
  constituencyCode: string;
  fullName: string;
  level: "COUNTY";
  termStart: Date;
  termEnd: Date;
  occupation: string;
  bio: string;
}

export type { DemoFaqEntry, DemoMeeting };

/** An election office voters are sent to ("who to ask"): the county committee's and each township's. */
export interface DemoOffice {
  areaCode: string;
  name: string;
  phone: string;
  address: string;
  hours: string;
}

export interface DemoData {
  areas: DemoArea[];
  election: DemoElection;
  constituencies: DemoConstituency[];
  rollEntries: DemoRollEntry[];
  candidates: DemoCandidate[];
  pollingPlaces: DemoPollingPlace[];
  delegates: DemoDelegate[];
  faq: DemoFaqEntry[];
  offices: DemoOffice[];
  faqSynonyms: { words: string[] }[];
}

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

// ───────────────────────────── fixed entries (tests and the console demo) ─────────────────────────────

/** A plain voter: look up with 张示例 + 1234, or voter no. 01-0001. */
export const DEMO_VOTER: Readonly<DemoRollEntry> = {
  constituencyCode: "01",
  voterGroupName: "第1选民小组",
  voterNo: "01-0001",
  fullName: "张示例",
  idLast4: "1234",
  birthDate: day("1980-05-17"),
  gender: "M",
  hukouAreaCode: "999901001201",
  residenceAreaCode: "999901001201",
  address: "青禾镇东村1组8号",
  workUnit: null,
  awayForWork: false,
  status: "LISTED",
};

/** 人户分离: lives in 青禾镇青禾社区, household registration in 石桥乡北岭村 (another township). */
export const DEMO_VOTER_AWAY_FROM_HUKOU: Readonly<DemoRollEntry> = {
  constituencyCode: "02",
  voterGroupName: "第1选民小组",
  voterNo: "02-0001",
  fullName: "王示例",
  idLast4: "5678",
  birthDate: day("1991-03-08"),
  gender: "F",
  hukouAreaCode: "999901002201",
  residenceAreaCode: "999901001001",
  address: "青禾镇和平路6号3幢502室",
  workUnit: null,
  awayForWork: false,
  status: "LISTED",
};

/** 外出务工: on the roll of 石桥乡北岭村 but working away (a proxy-voting case); ID ends in X. */
export const DEMO_VOTER_AWAY_FOR_WORK: Readonly<DemoRollEntry> = {
  constituencyCode: "04",
  voterGroupName: "第1选民小组",
  voterNo: "04-0001",
  fullName: "刘示例",
  idLast4: "301X",
  birthDate: day("1988-10-02"),
  gender: "M",
  hukouAreaCode: "999901002201",
  residenceAreaCode: "999901002201",
  address: "石桥乡北岭村2组5号",
  workUnit: null,
  awayForWork: true,
  status: "LISTED",
};

const FIXED_ENTRIES = new Map(
  [DEMO_VOTER, DEMO_VOTER_AWAY_FROM_HUKOU, DEMO_VOTER_AWAY_FOR_WORK].map((e) => [e.voterNo, e]),
);

// ───────────────────────────── the county ─────────────────────────────

interface AreaDef extends Omit<DemoArea, "latitude" | "longitude"> {
  /** Streets of a community, used for addresses; villages use "N组M号". */
  streets: string[];
}

const AREA_DEFS: AreaDef[] = [
  { code: "999901", name: "示例县", level: "COUNTY", parentCode: null, streets: [] },
  { code: "999901001", name: "青禾镇", level: "TOWNSHIP", parentCode: "999901", streets: [] },
  { code: "999901001001", name: "青禾社区", level: "COMMUNITY", parentCode: "999901001", streets: ["和平路", "青禾大道", "文化巷"] },
  { code: "999901001002", name: "新街社区", level: "COMMUNITY", parentCode: "999901001", streets: ["新街", "人民路", "学府路"] },
  { code: "999901001201", name: "东村", level: "VILLAGE", parentCode: "999901001", streets: [] },
  { code: "999901001202", name: "西村", level: "VILLAGE", parentCode: "999901001", streets: [] },
  { code: "999901001203", name: "南塘村", level: "VILLAGE", parentCode: "999901001", streets: [] },
  { code: "999901002", name: "石桥乡", level: "TOWNSHIP", parentCode: "999901", streets: [] },
  { code: "999901002001", name: "石桥社区", level: "COMMUNITY", parentCode: "999901002", streets: ["石桥街", "溪口路"] },
  { code: "999901002201", name: "北岭村", level: "VILLAGE", parentCode: "999901002", streets: [] },
  { code: "999901002202", name: "上坪村", level: "VILLAGE", parentCode: "999901002", streets: [] },
];

const HOSPITAL = "示例县人民医院";
const SCHOOL = "示例县第一中学";

interface ConstituencyDef {
  code: string;
  name: string;
  seats: number;
  basis: "RESIDENCE" | "WORK_UNIT";
  description: string;
  voters: number;
  /** One entry per voter group: the village/community (RESIDENCE) or work unit (WORK_UNIT) it covers. */
  groups: string[];
  /** Candidates take the first ones, delegates the next: one person per position. */
  occupations: string[];
}

// Voters per seat kept roughly equal (选举法 26): 9 seats, 2000 voters.
const CONSTITUENCY_DEFS: ConstituencyDef[] = [
  {
    code: "01",
    name: "第一选区（青禾镇东村、西村）",
    seats: 2,
    basis: "RESIDENCE",
    description: "按居住状况划分，包括青禾镇东村、西村。",
    voters: 445,
    groups: ["999901001201", "999901001201", "999901001202", "999901001202"],
    occupations: ["青禾镇东村村民委员会主任", "青禾镇西村种粮户", "青禾镇东村卫生室乡村医生", "青禾镇中心小学教师", "青禾镇农机专业合作社负责人"],
  },
  {
    code: "02",
    name: "第二选区（青禾镇青禾社区、新街社区）",
    seats: 3,
    basis: "RESIDENCE",
    description: "按居住状况划分，包括青禾镇青禾社区、新街社区。",
    voters: 665,
    groups: ["999901001001", "999901001001", "999901001002", "999901001002"],
    occupations: ["青禾社区居民委员会主任", "新街社区网格员", "青禾镇便民超市经营者", "青禾镇卫生院护士", "示例县某物流公司职员", "青禾镇派出所民警", "个体工商户", "新街社区志愿服务队队长"],
  },
  {
    code: "03",
    name: "第三选区（青禾镇南塘村）",
    seats: 1,
    basis: "RESIDENCE",
    description: "按居住状况划分，包括青禾镇南塘村。",
    voters: 220,
    groups: ["999901001203", "999901001203"],
    occupations: ["青禾镇南塘村村民委员会委员", "南塘村水产养殖户", "南塘村茶叶加工厂职工"],
  },
  {
    code: "04",
    name: "第四选区（石桥乡北岭村、上坪村、石桥社区）",
    seats: 2,
    basis: "RESIDENCE",
    description: "按居住状况划分，包括石桥乡北岭村、上坪村、石桥社区。北岭村、上坪村居住分散，设流动票箱。",
    voters: 450,
    groups: ["999901002201", "999901002202", "999901002001"],
    occupations: ["石桥乡北岭村党支部书记", "上坪村林果种植户", "石桥社区居民委员会副主任", "石桥乡卫生院医生", "石桥乡中心小学教师"],
  },
  {
    code: "05",
    name: `第五选区（${HOSPITAL}、${SCHOOL}）`,
    seats: 1,
    basis: "WORK_UNIT",
    description: `按工作单位划分，包括${HOSPITAL}、${SCHOOL}的在职职工。`,
    voters: 220,
    groups: [HOSPITAL, SCHOOL],
    occupations: [`${HOSPITAL}内科主治医师`, `${SCHOOL}语文教师`, `${HOSPITAL}护士长`, `${SCHOOL}后勤处职工`],
  },
];


// Fictional contacts: 0999 is no real area code.
const OFFICES: DemoOffice[] = [
  {
    areaCode: "999901",
    name: "示例县选举委员会办公室",
    phone: "0999-6120000",
    address: "示例县人民路1号县人大常委会办公楼二楼",
    hours: "工作日 8:30–12:00、14:00–17:30；选举日 7:00–18:00",
  },
  {
    areaCode: "999901001",
    name: "青禾镇选举工作办公室",
    phone: "0999-6121001",
    address: "青禾镇青禾大道18号镇人民政府一楼",
    hours: "工作日 8:30–12:00、14:00–17:30",
  },
  {
    areaCode: "999901002",
    name: "石桥乡选举工作办公室",
    phone: "0999-6122001",
    address: "石桥乡石桥街2号乡人民政府一楼",
    hours: "工作日 8:30–12:00、14:00–17:00",
  },
];

const ORGANISATIONS = ["中国共产党示例县委员会", "示例县总工会", "共青团示例县委员会", "示例县妇女联合会"];

const POLLING_PLACES: DemoPollingPlace[] = [
  {
    constituencyCode: "01",
    kind: "STATION",
    name: "东村投票站",
    address: "青禾镇东村村民委员会一楼会议室（东村1组）",
    opensAt: "08:00",
    closesAt: "17:00",
    latitude: 30.1032,
    longitude: 120.0817,
    stepFree: true,
    accessibility: "入口有坡道，秘密写票处设在一楼。",
  },
  {
    constituencyCode: "01",
    kind: "STATION",
    name: "西村投票站",
    address: "青禾镇西村文化礼堂",
    opensAt: "08:00",
    closesAt: "17:00",
    latitude: 30.0987,
    longitude: 120.0642,
    stepFree: false,
    accessibility: "门口有三级台阶，需要帮助请向工作人员说明。",
  },
  {
    constituencyCode: "02",
    kind: "STATION",
    name: "青禾社区投票站",
    address: "青禾镇和平路20号青禾社区党群服务中心",
    opensAt: "07:30",
    closesAt: "17:30",
    latitude: 30.1121,
    longitude: 120.0903,
    stepFree: true,
    accessibility: "无障碍入口在东侧，有无障碍卫生间。",
  },
  {
    constituencyCode: "02",
    kind: "STATION",
    name: "新街社区投票站",
    address: "青禾镇人民路55号新街社区居民委员会",
    opensAt: "07:30",
    closesAt: "17:30",
    latitude: 30.1178,
    longitude: 120.0966,
    stepFree: true,
    accessibility: null,
  },
  {
    constituencyCode: "03",
    kind: "STATION",
    name: "南塘村投票站",
    address: "青禾镇南塘村村民委员会",
    opensAt: "08:00",
    closesAt: "16:00",
    latitude: 30.0845,
    longitude: 120.0731,
    stepFree: false,
    accessibility: null,
  },
  {
    constituencyCode: "04",
    kind: "STATION",
    name: "石桥社区投票站",
    address: "石桥乡石桥街8号石桥社区服务中心",
    opensAt: "08:00",
    closesAt: "17:00",
    latitude: 30.1612,
    longitude: 120.1538,
    stepFree: true,
    accessibility: "入口平整，可提供轮椅。",
  },
  {
    constituencyCode: "04",
    kind: "MOBILE_BOX",
    name: "石桥乡流动票箱",
    address: "上午：北岭村1组至4组，到经批准的行动不便选民家中；下午：上坪村1组至3组，沿村道由南向北。由选举工作人员和监票人随箱。",
    opensAt: "08:00",
    closesAt: "16:00",
    latitude: 30.1786,
    longitude: 120.1702,
    stepFree: false,
    accessibility: "只服务名单上经批准的选民，需要请提前向村民委员会申请。",
  },
  {
    constituencyCode: "05",
    kind: "ELECTION_MEETING",
    name: `${HOSPITAL}选举大会`,
    address: `${HOSPITAL}门诊楼五楼报告厅（青禾镇青禾大道100号）`,
    opensAt: "08:30",
    closesAt: "11:30",
    latitude: 30.1094,
    longitude: 120.1015,
    stepFree: true,
    accessibility: "有电梯直达五楼。",
  },
  {
    constituencyCode: "05",
    kind: "STATION",
    name: `${SCHOOL}投票站`,
    address: `${SCHOOL}行政楼一楼（青禾镇学府路1号）`,
    opensAt: "08:00",
    closesAt: "17:00",
    latitude: 30.1203,
    longitude: 120.0874,
    stepFree: true,
    accessibility: null,
  },
];

// ───────────────────────────── names ─────────────────────────────

// Few-stroke (丁 于 万 马) and many-stroke (魏 戴 薛 蔡) surnames, plus a compound one, so stroke
// ordering has real work to do. Earlier ones are drawn more often, as in real rolls.
const SURNAMES = [
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
  "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "萧", "田", "董", "潘",
  "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜",
  "崔", "谭", "陆", "范", "汪", "廖", "石", "金", "韦", "贾", "夏", "付", "方", "邹", "熊", "白", "孟", "秦",
  "邱", "侯", "江", "尹", "薛", "闫", "段", "雷", "龙", "黎", "史", "陶", "贺", "毛", "郝", "顾", "龚", "邵",
  "万", "覃", "武", "钱", "戴", "严", "欧阳",
];
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => 1 / (i + 8));
// "示" appears in neither list, so the fixed entries' names stay unique.
const GIVEN_M = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林阳建国志文海东峰成".split("");
const GIVEN_F = "芳娜敏静丽艳娟霞燕玲桂英兰萍红梅琳慧雪婷颖倩洁琴云莉秀凤佳悦".split("");

// ───────────────────────────── random helpers ─────────────────────────────

export type Rng = () => number;

// mulberry32: tiny, fast, and the same sequence on every platform for a given seed.
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

function weightedPick<T>(rng: Rng, items: readonly T[], weights: readonly number[]): T {
  let r = rng() * weights.reduce((a, b) => a + b, 0);
  for (const [i, item] of items.entries()) {
    r -= weights[i] ?? 0;
    if (r < 0) return item;
  }
  return pick(rng, items);
}

function personName(rng: Rng, gender: "M" | "F"): string {
  const pool = gender === "M" ? GIVEN_M : GIVEN_F;
  const surname = weightedPick(rng, SURNAMES, SURNAME_WEIGHTS);
  const first = pick(rng, pool);
  if (rng() < 0.35) return surname + first;
  let second = pick(rng, pool);
  while (second === first) second = pick(rng, pool);
  return surname + first + second;
}

function idLast4(rng: Rng): string {
  const digits = String(int(rng, 0, 999)).padStart(3, "0");
  // The check character is X in about one ID in eleven.
  return digits + (rng() < 1 / 11 ? "X" : String(int(rng, 0, 9)));
}

// ───────────────────────────── generation ─────────────────────────────

// ───────────────────────────── the demo's calendar ─────────────────────────────

/**
 * The day the tests load the demo on (and the default): its election day is 2026-12-15.
 * Console mode and `npm run db:seed` pass the day they run on, from the clock.
 */
export const DEMO_REFERENCE_DAY = parseLocalDate("2026-11-27");

/**
 * The demo election's dates, placed around the day the demo is loaded (L) so that a newcomer
 * always meets a live election: the roll published (L−3) with the objection window still open
 * (publication day counted, 5 days: its last day is L+1, 选举法 29), the preliminary (L−2) and
 * formal (L−1) candidate lists published, and election day L+18. An open window is the more useful
 * choice: objections can be tried, not only read about; the closed window and the court route
 * are one clock change away. Lawful against domain/calendar.ts: roll ≤ E−21 (L−3 is exactly E−21),
 * preliminary ≤ E−16, formal ≤ E−8 and after the preliminary list, the objection window and the
 * committee's decision (L+4) before the court deadline (E−6 = L+12).
 */
export function demoCalendar(today: LocalDate) {
  return {
    electionDay: addDays(today, 18),
    rollPublishedOn: addDays(today, -3),
    preliminaryCandidatesOn: addDays(today, -2),
    formalCandidatesOn: addDays(today, -1),
  };
}

const asDate = (d: LocalDate): Date => day(d);

/** A birth date making the person exactly `age` on election day. */
function birthDateForAge(rng: Rng, age: number, electionDay: Date): Date {
  const year = electionDay.getUTCFullYear() - age;
  const month = electionDay.getUTCMonth();
  // Election day on 29 February: the birthday in a common year is the 28th, not 1 March.
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const latest = Date.UTC(year, month, Math.min(electionDay.getUTCDate(), lastOfMonth));
  return new Date(latest - int(rng, 0, 364) * 86_400_000);
}

function areaDef(code: string): AreaDef {
  const area = AREA_DEFS.find((a) => a.code === code);
  if (!area) throw new Error(`unknown demo area ${code}`);
  return area;
}

function addressIn(rng: Rng, areaCode: string): string {
  const area = areaDef(areaCode);
  const township = areaDef(area.parentCode ?? "").name;
  if (area.level === "VILLAGE") return `${township}${area.name}${int(rng, 1, 6)}组${int(rng, 1, 40)}号`;
  return `${township}${pick(rng, area.streets)}${int(rng, 1, 120)}号${int(rng, 1, 8)}幢${int(rng, 1, 6)}0${int(rng, 1, 4)}室`;
}

const LIVING_AREAS = AREA_DEFS.filter((a) => a.level === "VILLAGE" || a.level === "COMMUNITY").map((a) => a.code);

function rollEntriesOf(rng: Rng, def: ConstituencyDef, electionDay: Date): DemoRollEntry[] {
  const entries: DemoRollEntry[] = [];
  for (let seq = 1; seq <= def.voters; seq++) {
    const voterNo = `${def.code}-${String(seq).padStart(4, "0")}`;
    // Groups are contiguous blocks of the roll, as printed rolls are ordered by group.
    const groupIndex = Math.floor(((seq - 1) * def.groups.length) / def.voters);
    const groupArea = def.groups[groupIndex] ?? "";
    const fixed = FIXED_ENTRIES.get(voterNo);
    if (fixed) {
      entries.push({ ...fixed });
      continue;
    }
    const byWork = def.basis === "WORK_UNIT";
    const gender = rng() < 0.5 ? "M" : "F";
    const age = byWork ? int(rng, 22, 60) : rng() < 0.04 ? int(rng, 86, 95) : int(rng, 18, 85);
    const residenceAreaCode = byWork ? pick(rng, LIVING_AREAS) : groupArea;
    const hukouAreaCode =
      rng() < 0.08 ? pick(rng, LIVING_AREAS.filter((c) => c !== residenceAreaCode)) : residenceAreaCode;
    entries.push({
      constituencyCode: def.code,
      voterGroupName: `第${groupIndex + 1}选民小组`,
      voterNo,
      fullName: personName(rng, gender),
      idLast4: idLast4(rng),
      birthDate: birthDateForAge(rng, age, electionDay),
      gender,
      hukouAreaCode,
      residenceAreaCode,
      address: addressIn(rng, residenceAreaCode),
      workUnit: byWork ? groupArea : null,
      awayForWork: !byWork && age <= 55 && rng() < 0.12,
      status: "LISTED",
    });
  }
  return entries;
}

/** Marks a handful of generated (never fixed) entries NOT_LISTED / SUSPENDED. */
function markUnlisted(rng: Rng, entries: DemoRollEntry[]): void {
  const marks: DemoRollEntry["status"][] = [...Array<"NOT_LISTED">(6).fill("NOT_LISTED"), ...Array<"SUSPENDED">(3).fill("SUSPENDED")];
  for (const status of marks) {
    let entry = pick(rng, entries);
    while (entry.status !== "LISTED" || FIXED_ENTRIES.has(entry.voterNo)) entry = pick(rng, entries);
    entry.status = status;
  }
}

// The middle of 选举法 31's lawful range (rounded down): 1 seat → 2, 2 → 3, 3 → 5 candidates.
function candidateCount(def: ConstituencyDef): number {
  const { min, max } = candidateRange(def.seats);
  const count = Math.floor((min + max) / 2);
  if (def.occupations.length < count + def.seats) throw new Error(`constituency ${def.code} needs more occupations`);
  return count;
}

/** "示例县青禾镇" for a residence constituency, the county for a work-unit one. */
function townshipOf(def: ConstituencyDef): string {
  const county = areaDef(DEMO_COUNTY_CODE).name;
  if (def.basis === "WORK_UNIT") return county;
  return county + areaDef(areaDef(def.groups[0] ?? "").parentCode ?? "").name;
}

type BaseCandidate = Omit<DemoCandidate, "ethnicity" | "party" | "education" | "meetings">;

function candidatesOf(rng: Rng, def: ConstituencyDef, index: number): BaseCandidate[] {
  const candidates: BaseCandidate[] = [];
  for (let k = 0; k < candidateCount(def); k++) {
    const gender = rng() < 0.5 ? "M" : "F";
    const birthYear = int(rng, 1964, 1996);
    const occupation = def.occupations[k] ?? "";
    const since = int(rng, birthYear + 22, 2020);
    // No organisation nominates more candidates than the constituency has seats (选举法 30).
    const byOrganisation = k < def.seats;
    candidates.push({
      constituencyCode: def.code,
      fullName: personName(rng, gender),
      gender,
      birthYear,
      occupation,
      bio: `${birthYear}年出生，${townshipOf(def)}人。现为${occupation}，${since}年起从事现在的工作。`,
      nominationKind: byOrganisation ? "PARTY_OR_ORGANISATION" : "JOINT_VOTERS",
      nominatedBy: byOrganisation
        ? (ORGANISATIONS[(index + k) % ORGANISATIONS.length] ?? "")
        : `选民${weightedPick(rng, SURNAMES, SURNAME_WEIGHTS)}某某等${int(rng, 10, 35)}人联名推荐`,
    });
  }
  return candidates;
}

function delegatesOf(rng: Rng, def: ConstituencyDef, termEnd: LocalDate): DemoDelegate[] {
  const first = candidateCount(def);
  return Array.from({ length: def.seats }, (_, k) => {
    const gender = rng() < 0.5 ? "M" : "F";
    const occupation = def.occupations[first + k] ?? "";
    return {
      constituencyCode: def.code,
      fullName: personName(rng, gender),
      level: "COUNTY" as const,
      termStart: asDate(addDays(termEnd, -(5 * 365))),
      termEnd: asDate(termEnd),
      occupation,
      bio: `${int(rng, 1962, 1990)}年出生，示例县第十八届人民代表大会代表。现为${occupation}。`,
    };
  });
}

/** The demo county for the day it is loaded (`today`, see demoCalendar); same seed and day, same data. */
export function generateDemoData(seed: number = DEMO_SEED, today: LocalDate = DEMO_REFERENCE_DAY): DemoData {
  const rng = mulberry32(seed);
  const cal = demoCalendar(today);
  const electionDay = asDate(cal.electionDay);
  // The outgoing delegates' term ends shortly after the election (the new congress's first session).
  const termEnd = addDays(cal.electionDay, 12);
  const constituencies = CONSTITUENCY_DEFS.map((def) => ({
    code: def.code,
    name: def.name,
    seats: def.seats,
    basis: def.basis,
    workUnits: def.basis === "WORK_UNIT" ? [...new Set(def.groups)] : [],
    description: def.description,
    areaCodes: def.basis === "RESIDENCE" ? [...new Set(def.groups)] : [],
    voterGroups: def.groups.map((_, i) => ({ name: `第${i + 1}选民小组`, leaderName: personName(rng, rng() < 0.5 ? "M" : "F") })),
  }));
  const rollEntries = CONSTITUENCY_DEFS.flatMap((def) => rollEntriesOf(rng, def, electionDay));
  markUnlisted(rng, rollEntries);
  return {
    areas: AREA_DEFS.map(({ code, name, level, parentCode }) => {
      const [latitude, longitude] = DEMO_AREA_COORDINATES[code] ?? [null, null];
      return { code, name, level, parentCode, latitude, longitude };
    }),
    election: {
      name: DEMO_ELECTION_NAME,
      kind: "COUNTY_CONGRESS",
      areaCode: DEMO_COUNTY_CODE,
      electionDay,
      rollPublishedOn: asDate(cal.rollPublishedOn),
      preliminaryCandidatesOn: asDate(cal.preliminaryCandidatesOn),
      formalCandidatesOn: asDate(cal.formalCandidatesOn),
      rules: { maxProxiesPerPerson: 3, objectionDays: 5, committeeDecisionDays: 3 },
    },
    constituencies,
    rollEntries,
    candidates: CONSTITUENCY_DEFS.flatMap((def, i) => candidatesOf(rng, def, i)).map((c, i, all) => ({
      ...c,
      ...candidateProfile(i),
      meetings: demoMeetings(electionDay, c.constituencyCode, all.slice(0, i).filter((o) => o.constituencyCode === c.constituencyCode).length, POLLING_PLACES),
    })),
    pollingPlaces: POLLING_PLACES.map((p) => ({ ...p })),
    delegates: CONSTITUENCY_DEFS.flatMap((def) => delegatesOf(rng, def, termEnd)),
    faq: demoFaq(),
    faqSynonyms: demoFaqSynonyms(),
    offices: OFFICES.map((o) => ({ ...o })),
  };
}
