/**
 * Election results (选举结果), the layout of a county election committee's tally: one row per
 * constituency × polling point × name — what the 计票单 of each station, election meeting and
 * mobile box says, copied line by line. Example (CSV or XLSX):
 *
 *   选区代码 | 投票点   | 类型     | 登记选民数 | 发出选票数 | 委托投票数 | 收回选票数 | 有效票数 | 无效票数 | 姓名 | 得票数
 *   01       | 东村投票站 | 投票站   | 442        | 200        | 3          | 200        | 195      | 5        | 高悦 | 150
 *   01       | 东村投票站 | 投票站   | 442        | 200        | 3          | 200        | 195      | 5        | 王五 | 4
 *   01       | 流动票箱   | 流动票箱 | 442        | 50         | 0          | 50         | 50       | 0        | 高悦 | 40
 *
 * - The ballot figures (发出/委托/收回/有效/无效) repeat on every row of a polling point and must agree.
 * - 投票点 empty: the row is the constituency's totals (then no other polling point for it).
 * - 类型: 投票站 (default) / 选举大会 / 流动票箱. 登记选民数 optional (default: the roll's count), the
 *   same on every row of a constituency.
 * - 姓名: a candidate on the round's ballot, or anyone else (另选他人, a write-in). A candidate
 *   without a row has 0 votes.
 * - The figures go into the constituency's open round (the first vote, or the next round its last
 *   confirmed one calls for) as a draft; staff check and confirm it in /results. Entry opens on
 *   election day; a constituency with nothing to enter is refused.
 * - Impossible figures (more valid than returned, valid + invalid ≠ returned, one name above the
 *   valid ballots, votes above valid × seats, voted above registered) are refused with the row.
 */
import { checkCounts, MAX_COUNT, type EntryProblemCode, type PollingPlaceKind } from "../domain/result-entry.js";
import { code, integer, oneOf, optional, personName, required, text } from "./fields.js";
import type { ProblemCode } from "./messages.js";
import { column, defineKind, nameKey } from "./spec.js";

export interface ResultRow {
  constituencyCode: string;
  /** Null: the constituency's totals. */
  part: string | null;
  placeKind: PollingPlaceKind;
  registered: number | null;
  voted: number;
  proxyVotes: number;
  returned: number;
  valid: number;
  invalid: number;
  name: string;
  votes: number;
}

const placeKind = oneOf<PollingPlaceKind>({
  投票站: "STATION", 投票点: "STATION", station: "STATION",
  选举大会: "ELECTION_MEETING", 选举大会会场: "ELECTION_MEETING", electionmeeting: "ELECTION_MEETING",
  流动票箱: "MOBILE_BOX", mobilebox: "MOBILE_BOX",
});

const count = () => required(integer(0, MAX_COUNT));

/** The checkCounts problems as import problems. */
const PROBLEM: Record<EntryProblemCode, ProblemCode> = {
  NOT_A_COUNT: "BAD_NUMBER",
  BLANK_NAME: "MISSING_VALUE",
  VOTED_ABOVE_REGISTERED: "RESULT_VOTED_ABOVE_REGISTERED",
  PROXY_ABOVE_VOTED: "RESULT_PROXY_ABOVE_VOTED",
  VALID_ABOVE_RETURNED: "RESULT_VALID_ABOVE_RETURNED",
  VALID_INVALID_NOT_RETURNED: "RESULT_VALID_INVALID_NOT_RETURNED",
  VOTES_ABOVE_VALID: "RESULT_VOTES_ABOVE_VALID",
  VOTES_ABOVE_VALID_TIMES_SEATS: "RESULT_VOTES_ABOVE_VALID_TIMES_SEATS",
  DUPLICATE_PART: "DUPLICATE_IN_FILE",
};

const FIELD = { registered: "registered", voted: "voted", proxyVotes: "proxyVotes", returned: "returned", valid: "valid", invalid: "invalid", votes: "votes" } as const;

export const results = defineKind({
  columns: {
    constituencyCode: column(["选区代码", "选区编号", "选区", "constituency_code", "constituency"], required(code), { required: true }),
    part: column(["投票点", "投票站", "计票单位", "part", "polling_point"], optional(text(50))),
    placeKind: column(["类型", "投票方式", "kind", "type"], optional(placeKind)),
    registered: column(["登记选民数", "选民数", "registered"], optional(integer(1, MAX_COUNT))),
    voted: column(["发出选票数", "参加投票人数", "投票人数", "voted", "ballots_issued"], count(), { required: true }),
    proxyVotes: column(["委托投票数", "委托投票", "proxy_votes"], optional(integer(0, MAX_COUNT))),
    returned: column(["收回选票数", "收回选票", "returned"], count(), { required: true }),
    valid: column(["有效票数", "有效票", "valid"], count(), { required: true }),
    invalid: column(["无效票数", "无效票", "invalid"], count(), { required: true }),
    name: column(["姓名", "候选人", "被选举人", "name"], required(personName), { required: true }),
    votes: column(["得票数", "得票", "票数", "votes"], count(), { required: true }),
  },
  finish(f, ctx, report): ResultRow {
    const round = ctx.resultRounds!.get(f.constituencyCode);
    if (!round) report("constituencyCode", "UNKNOWN_CONSTITUENCY", f.constituencyCode);
    else if (round.closed !== null) report("constituencyCode", "RESULT_NO_ROUND_TO_ENTER", round.closed);
    return {
      constituencyCode: f.constituencyCode,
      part: f.part,
      placeKind: f.placeKind ?? "STATION",
      registered: f.registered,
      voted: f.voted,
      proxyVotes: f.proxyVotes ?? 0,
      returned: f.returned,
      valid: f.valid,
      invalid: f.invalid,
      name: f.name,
      votes: f.votes,
    };
  },
  unique: [
    {
      field: "name",
      problem: "DUPLICATE_IN_FILE",
      key: (f) => (f.constituencyCode && f.name ? `${f.constituencyCode}|${f.part ?? ""}|${nameKey(f.name)}` : undefined),
    },
  ],
  afterAll(rows, ctx, report) {
    for (const [codeOf, group] of groupBy(rows, (r) => r.value.constituencyCode)) {
      const round = ctx.resultRounds!.get(codeOf);
      if (!round || round.closed !== null) continue;
      const first = group[0]!;
      for (const r of group) {
        if ((r.value.part === null) !== (first.value.part === null)) report(r.row, "part", "RESULT_WHOLE_AND_PARTS");
        if (r.value.registered !== null && first.value.registered !== null && r.value.registered !== first.value.registered) report(r.row, "registered", "RESULT_FIGURES_DIFFER", String(first.row));
      }
      const registered = group.find((r) => r.value.registered !== null)?.value.registered ?? round.registered;
      let votedSoFar = 0;
      for (const [label, part] of groupBy(group, (r) => r.value.part ?? "")) {
        const head = part[0]!.value;
        for (const r of part) {
          for (const k of ["voted", "proxyVotes", "returned", "valid", "invalid"] as const) {
            if (r.value[k] !== head[k]) report(r.row, k, "RESULT_FIGURES_DIFFER", String(part[0]!.row));
          }
        }
        const votes = Object.fromEntries(part.map((r) => [r.value.name, r.value.votes]));
        const problems = checkCounts({ ...head, votes }, { seats: round.seats, registeredLeft: registered - votedSoFar, ...(label ? { part: label } : {}) });
        votedSoFar += head.voted;
        for (const p of problems) {
          const at = p.name ? (part.find((r) => r.value.name === p.name) ?? part[0]!) : part[0]!;
          report(at.row, FIELD[p.field], PROBLEM[p.code], Object.values(p.figures).join(" / "));
        }
      }
    }
  },
  needs: ["resultRounds"],
});

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}
