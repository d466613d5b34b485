/** Areas, constituencies, polling places, candidates and their meetings, delegates. */
import { checkSeats } from "../domain/candidate-rules.js";
import type { LocalDate } from "../domain/dates.js";
import {
  areaCode, Bad, birthYear, code, coordinate, date, dateTime, gender, integer, list, oneOf, optional,
  personName, required, text, time, yesNo, type Parser,
} from "./fields.js";
import { candidateKey, column, defineKind, known, nameKey } from "./spec.js";

// ───────────── areas ─────────────

export type AreaLevel = "COUNTY" | "TOWNSHIP" | "VILLAGE" | "COMMUNITY";

export interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
  /** The code's own prefix (9 → 6, 12 → 9 digits); null for a county. */
  parentCode: string | null;
}

const areaLevel = oneOf<AreaLevel>({
  县: "COUNTY", 县级: "COUNTY", 区: "COUNTY", 县区: "COUNTY", county: "COUNTY",
  乡: "TOWNSHIP", 镇: "TOWNSHIP", 乡镇: "TOWNSHIP", 街道: "TOWNSHIP", 乡级: "TOWNSHIP", township: "TOWNSHIP",
  村: "VILLAGE", 行政村: "VILLAGE", 村委会: "VILLAGE", 村民委员会: "VILLAGE", village: "VILLAGE",
  社区: "COMMUNITY", 居委会: "COMMUNITY", 居民委员会: "COMMUNITY", community: "COMMUNITY",
});

const LEVELS_BY_LENGTH: Record<number, readonly AreaLevel[]> = {
  6: ["COUNTY"],
  9: ["TOWNSHIP"],
  12: ["VILLAGE", "COMMUNITY"],
};

export const areas = defineKind({
  columns: {
    code: column(["区划代码", "行政区划代码", "代码", "code", "area_code"], required(areaCode()), { required: true }),
    name: column(["名称", "区划名称", "name"], required(text(100)), { required: true }),
    level: column(["层级", "级别", "类型", "level"], optional(areaLevel)),
    parentCode: column(["上级代码", "上级区划代码", "parent_code"], optional(areaCode([6, 9]))),
  },
  finish(f, _ctx, report): AreaRow {
    const allowed = LEVELS_BY_LENGTH[f.code.length]!;
    // A 12-digit code may be a village or a community; the file must say which.
    if (f.level === null && allowed.length > 1) report("level", "MISSING_VALUE");
    if (f.level !== null && !allowed.includes(f.level)) report("level", "LEVEL_MISMATCH", f.code.length + "");
    const prefix = f.code.length === 6 ? null : f.code.slice(0, f.code.length - 3);
    if (f.parentCode !== null && f.parentCode !== prefix) report("parentCode", "PARENT_MISMATCH", prefix ?? "—");
    return { code: f.code, name: f.name, level: f.level ?? allowed[0]!, parentCode: prefix };
  },
  unique: [{ field: "code", problem: "DUPLICATE_IN_FILE", key: (f) => f.code ?? undefined }],
  afterAll(rows, ctx, report) {
    const inFile = new Set(rows.map((r) => r.value.code));
    for (const { row, value } of rows) {
      const p = value.parentCode;
      if (p !== null && !inFile.has(p) && !known(ctx.areaCodes, p)) report(row, "code", "UNKNOWN_PARENT_AREA", p);
    }
  },
  needs: ["areaCodes"],
});

// ───────────── constituencies ─────────────

export type ConstituencyBasis = "RESIDENCE" | "WORK_UNIT";

export interface ConstituencyRow {
  code: string;
  name: string;
  seats: number;
  basis: ConstituencyBasis;
  /** Villages/communities (or townships) a residence constituency covers: ConstituencyArea rows. */
  areaCodes: string[];
  workUnits: string[];
  voterGroups: { name: string; leaderName: string | null }[];
  description: string | null;
}

const basis = oneOf<ConstituencyBasis>({
  居住地: "RESIDENCE", 居住状况: "RESIDENCE", 按居住状况: "RESIDENCE", 按居住状况划分: "RESIDENCE", 地域: "RESIDENCE",
  residence: "RESIDENCE",
  工作单位: "WORK_UNIT", 单位: "WORK_UNIT", 按生产单位: "WORK_UNIT", 按单位: "WORK_UNIT", 按工作单位: "WORK_UNIT",
  按生产单位事业单位工作单位划分: "WORK_UNIT", workunit: "WORK_UNIT",
});

// "第一组" or "第一组:张三" (group and its leader).
const voterGroup: Parser<{ name: string; leaderName: string | null }> = (item) => {
  const [name = "", leader] = item.split(/[:：]/).map((s) => s.trim());
  if (name === "" || name.length > 50) return new Bad("BAD_VALUE", item);
  return { name, leaderName: leader ? leader : null };
};

const seats: Parser<number> = (cell) => {
  const n = integer(-99, 99, "SEATS_OUT_OF_RANGE")(cell);
  return n instanceof Bad || checkSeats(n) === "OK" ? n : new Bad("SEATS_OUT_OF_RANGE", cell);
};

export const constituencies = defineKind({
  columns: {
    code: column(["选区代码", "选区编号", "code", "constituency_code"], required(code), { required: true }),
    name: column(["选区名称", "名称", "name"], required(text(100)), { required: true }),
    seats: column(["应选代表名额", "代表名额", "应选名额", "名额", "seats"], required(seats), { required: true }),
    basis: column(["划分方式", "选区类型", "划分依据", "basis"], required(basis), { required: true }),
    areaCodes: column(["所含村居代码", "包含区划代码", "区划代码", "area_codes", "areas"], optional(list(areaCode([9, 12])))),
    workUnits: column(["所含单位", "工作单位", "work_units"], optional(list(text(100)))),
    voterGroups: column(["选民小组", "voter_groups"], optional(list(voterGroup))),
    description: column(["说明", "备注", "description"], optional(text(500))),
  },
  finish(f, ctx, report): ConstituencyRow {
    const areaCodes = f.areaCodes ?? [];
    const workUnits = f.workUnits ?? [];
    if (f.basis === "RESIDENCE" && areaCodes.length === 0) report("areaCodes", "AREAS_REQUIRED");
    if (f.basis === "WORK_UNIT" && workUnits.length === 0) report("workUnits", "WORK_UNITS_REQUIRED");
    for (const a of areaCodes) {
      if (!known(ctx.areaCodes, a)) report("areaCodes", "UNKNOWN_AREA", a);
      // A township's election is held in the township: its constituencies cannot take in another
      // township's villages (codes nest, GB/T 2260, so a prefix test is the subtree test).
      else if (ctx.electionAreaCode !== undefined && !a.startsWith(ctx.electionAreaCode)) report("areaCodes", "AREA_OUTSIDE_ELECTION", a);
    }
    return {
      code: f.code, name: f.name, seats: f.seats, basis: f.basis, areaCodes, workUnits,
      voterGroups: f.voterGroups ?? [], description: f.description,
    };
  },
  unique: [{ field: "code", problem: "DUPLICATE_IN_FILE", key: (f) => f.code ?? undefined }],
  needs: ["areaCodes"],
});

// ───────────── polling places ─────────────

export type PollingPlaceKind = "STATION" | "ELECTION_MEETING" | "MOBILE_BOX";

export interface PlaceRow {
  constituencyCode: string;
  kind: PollingPlaceKind;
  name: string;
  address: string;
  opensAt: string;
  closesAt: string;
  latitude: number | null;
  longitude: number | null;
  stepFree: boolean;
  accessibility: string | null;
}

const placeKind = oneOf<PollingPlaceKind>({
  投票站: "STATION", station: "STATION",
  选举大会: "ELECTION_MEETING", 选举大会会场: "ELECTION_MEETING", electionmeeting: "ELECTION_MEETING",
  流动票箱: "MOBILE_BOX", mobilebox: "MOBILE_BOX",
});

const constituencyColumn = () =>
  column(["选区代码", "选区编号", "选区", "constituency_code", "constituency"], required(code), { required: true });

export const places = defineKind({
  columns: {
    constituencyCode: constituencyColumn(),
    kind: column(["类型", "投票方式", "kind", "type"], required(placeKind), { required: true }),
    name: column(["名称", "投票站名称", "name"], required(text(100)), { required: true }),
    address: column(["地址", "地点", "address"], required(text(200)), { required: true }),
    opensAt: column(["开始时间", "投票开始时间", "开放时间", "opens_at"], required(time), { required: true }),
    closesAt: column(["结束时间", "投票结束时间", "关闭时间", "closes_at"], required(time), { required: true }),
    latitude: column(["纬度", "latitude", "lat"], optional(coordinate(90))),
    longitude: column(["经度", "longitude", "lng", "lon"], optional(coordinate(180))),
    stepFree: column(["无障碍通道", "无障碍", "step_free"], optional(yesNo)),
    accessibility: column(["无障碍说明", "accessibility"], optional(text(200))),
  },
  finish(f, ctx, report): PlaceRow {
    if (!ctx.constituencies!.has(f.constituencyCode)) report("constituencyCode", "UNKNOWN_CONSTITUENCY", f.constituencyCode);
    if (f.closesAt <= f.opensAt) report("closesAt", "CLOSES_BEFORE_OPENS");
    if ((f.latitude === null) !== (f.longitude === null)) report(f.latitude === null ? "latitude" : "longitude", "COORDINATES_INCOMPLETE");
    return { ...f, stepFree: f.stepFree ?? false };
  },
  unique: [
    {
      field: "name",
      problem: "DUPLICATE_IN_FILE",
      key: (f) => (f.constituencyCode && f.name ? `${f.constituencyCode}|${f.name}` : undefined),
    },
  ],
  needs: ["constituencies"],
});

// ───────────── candidates ─────────────

export type NominationKind = "PARTY_OR_ORGANISATION" | "JOINT_VOTERS";
export type ListStage = "PRELIMINARY" | "FORMAL";

export interface CandidateRow {
  constituencyCode: string;
  fullName: string;
  gender: "M" | "F";
  birthYear: number;
  occupation: string;
  bio: string;
  nominationKind: NominationKind;
  nominatedBy: string;
  listStage: ListStage;
}

const nominationKind = oneOf<NominationKind>({
  政党推荐: "PARTY_OR_ORGANISATION", 人民团体推荐: "PARTY_OR_ORGANISATION", 政党人民团体推荐: "PARTY_OR_ORGANISATION",
  "政党、人民团体推荐": "PARTY_OR_ORGANISATION", 党派团体推荐: "PARTY_OR_ORGANISATION", 组织推荐: "PARTY_OR_ORGANISATION",
  partyororganisation: "PARTY_OR_ORGANISATION", party: "PARTY_OR_ORGANISATION",
  选民联名推荐: "JOINT_VOTERS", 选民联名: "JOINT_VOTERS", 联名推荐: "JOINT_VOTERS", jointvoters: "JOINT_VOTERS",
});

const listStage = oneOf<ListStage>({
  初步: "PRELIMINARY", 初步候选人: "PRELIMINARY", 初步名单: "PRELIMINARY", preliminary: "PRELIMINARY",
  正式: "FORMAL", 正式候选人: "FORMAL", 正式名单: "FORMAL", formal: "FORMAL",
});

export const candidates = defineKind({
  columns: {
    constituencyCode: constituencyColumn(),
    fullName: column(["姓名", "full_name", "name"], required(personName), { required: true }),
    gender: column(["性别", "gender", "sex"], required(gender), { required: true }),
    birthYear: column(["出生年月", "出生日期", "出生年份", "birth_year", "birth_date"], required(birthYear), { required: true }),
    occupation: column(["职业职务", "工作单位及职务", "职业", "职务", "occupation"], required(text(200)), { required: true }),
    bio: column(["简介", "个人简历", "基本情况", "bio"], required(text(2000)), { required: true }),
    nominationKind: column(["推荐方式", "推荐类型", "nomination_kind"], required(nominationKind), { required: true }),
    nominatedBy: column(["推荐者", "推荐单位", "推荐人", "nominated_by"], required(text(200)), { required: true }),
    listStage: column(["名单类型", "候选人名单", "名单", "list_stage"], optional(listStage)),
  },
  finish(f, ctx, report): CandidateRow {
    if (!ctx.constituencies!.has(f.constituencyCode)) report("constituencyCode", "UNKNOWN_CONSTITUENCY", f.constituencyCode);
    // Only the year is known: certainly under 18 when fewer than 18 years separate the years.
    const electionYear = Number(ctx.electionDay!.slice(0, 4));
    if (electionYear - f.birthYear < 18) report("birthYear", "UNDER_18", ctx.electionDay);
    return { ...f, listStage: f.listStage ?? "PRELIMINARY" };
  },
  unique: [
    {
      field: "fullName",
      problem: "DUPLICATE_IN_FILE",
      key: (f) => (f.constituencyCode && f.fullName ? candidateKey(f.constituencyCode, f.fullName) : undefined),
    },
  ],
  needs: ["constituencies", "electionDay"],
});

// ───────────── candidate–voter meetings (选举法 34) ─────────────

/** A row with 取消 removes the stored meeting with the same candidate and start (explicitly). */
export type MeetingStatus = "HELD" | "CANCELLED";

export interface MeetingRow {
  status: MeetingStatus;
  constituencyCode: string;
  candidateName: string;
  /** Local wall-clock time in the county's time zone, "YYYY-MM-DDTHH:MM". */
  startsAt: string;
  endsAt: string | null;
  place: string;
  address: string | null;
  note: string | null;
  /** Voters who came (与选民见面会 attendance), reported after the meeting; null: not reported. */
  attendance: number | null;
}

export const meetings = defineKind({
  columns: {
    constituencyCode: constituencyColumn(),
    candidateName: column(["候选人", "候选人姓名", "姓名", "candidate", "candidate_name"], required(personName), { required: true }),
    startsAt: column(["开始时间", "见面时间", "时间", "starts_at"], required(dateTime), { required: true }),
    endsAt: column(["结束时间", "ends_at"], optional(dateTime)),
    place: column(["地点", "见面地点", "place"], required(text(100)), { required: true }),
    address: column(["地址", "详细地址", "address"], optional(text(200))),
    note: column(["备注", "说明", "note"], optional(text(500))),
    attendance: column(["出席人数", "到会人数", "参加人数", "attendance"], optional(integer(0, 100_000))),
    status: column(["状态", "status"], optional(oneOf<MeetingStatus>({
      举行: "HELD", 正常: "HELD", 有效: "HELD", held: "HELD", active: "HELD",
      取消: "CANCELLED", 已取消: "CANCELLED", 删除: "CANCELLED", cancelled: "CANCELLED", canceled: "CANCELLED",
    }))),
  },
  finish(f, ctx, report): MeetingRow {
    if (!ctx.constituencies!.has(f.constituencyCode)) report("constituencyCode", "UNKNOWN_CONSTITUENCY", f.constituencyCode);
    else if (!ctx.candidates!.has(candidateKey(f.constituencyCode, f.candidateName))) {
      report("candidateName", "UNKNOWN_CANDIDATE", f.candidateName);
    }
    if ((f.startsAt.slice(0, 10) as LocalDate) >= ctx.electionDay!) {
      report("startsAt", "MEETING_ON_OR_AFTER_ELECTION_DAY", ctx.electionDay);
    }
    if (f.endsAt !== null && f.endsAt <= f.startsAt) report("endsAt", "ENDS_BEFORE_STARTS");
    return { ...f, status: f.status ?? "HELD" };
  },
  unique: [
    {
      field: "startsAt",
      problem: "DUPLICATE_IN_FILE",
      key: (f) =>
        f.constituencyCode && f.candidateName && f.startsAt
          ? `${f.constituencyCode}|${nameKey(f.candidateName)}|${f.startsAt}`
          : undefined,
    },
  ],
  needs: ["constituencies", "candidates", "electionDay"],
});

// ───────────── delegates ─────────────

export type DelegateLevel = "COUNTY" | "TOWNSHIP" | "VILLAGE" | "COMMUNITY";

export interface DelegateRow {
  fullName: string;
  level: DelegateLevel;
  constituencyCode: string | null;
  termStart: LocalDate;
  termEnd: LocalDate;
  occupation: string | null;
  bio: string | null;
}

const delegateLevel = oneOf<DelegateLevel>({
  县: "COUNTY", 县级: "COUNTY", 县人大代表: "COUNTY", county: "COUNTY",
  乡: "TOWNSHIP", 镇: "TOWNSHIP", 乡镇: "TOWNSHIP", 乡级: "TOWNSHIP", 乡镇人大代表: "TOWNSHIP", township: "TOWNSHIP",
  村: "VILLAGE", village: "VILLAGE",
  社区: "COMMUNITY", community: "COMMUNITY",
});

export const delegates = defineKind({
  columns: {
    fullName: column(["姓名", "full_name", "name"], required(personName), { required: true }),
    level: column(["级别", "代表级别", "层级", "level"], required(delegateLevel), { required: true }),
    constituencyCode: column(["选区代码", "选区编号", "选区", "constituency_code"], optional(code)),
    termStart: column(["任期开始", "任期起", "term_start"], required(date), { required: true }),
    termEnd: column(["任期结束", "任期止", "term_end"], required(date), { required: true }),
    occupation: column(["职业职务", "工作单位及职务", "职业", "职务", "occupation"], optional(text(200))),
    bio: column(["简介", "个人简历", "bio"], optional(text(2000))),
  },
  finish(f, ctx, report): DelegateRow {
    // Delegates may come from an earlier election: the constituency is checked when the caller gave the set.
    if (f.constituencyCode !== null && ctx.constituencies && !ctx.constituencies.has(f.constituencyCode)) {
      report("constituencyCode", "UNKNOWN_CONSTITUENCY", f.constituencyCode);
    }
    if (f.termEnd <= f.termStart) report("termEnd", "TERM_END_BEFORE_START");
    return f;
  },
  unique: [
    {
      field: "fullName",
      problem: "DUPLICATE_IN_FILE",
      key: (f) => (f.fullName && f.level ? `${f.level}|${f.constituencyCode ?? ""}|${nameKey(f.fullName)}` : undefined),
    },
  ],
});
