/**
 * The voter roll (选民名单). Staff give either the full ID number or its last four; the number is
 * checked and dropped while the cell is parsed (fields.idNumber), only the last four are kept.
 */
import type { LocalDate } from "../domain/dates.js";
import { isAdultOn } from "../domain/id-card.js";
import {
  areaCode, code, date, gender, idLast4, idNumber, oneOf, optional, personName, required, text, yesNo,
} from "./fields.js";
import { column, defineKind, known, personKey } from "./spec.js";

export type RollStatus = "LISTED" | "NOT_LISTED" | "SUSPENDED" | "REMOVED";

export interface RollRow {
  voterNo: string;
  fullName: string;
  idLast4: string;
  birthDate: LocalDate;
  gender: "M" | "F";
  constituencyCode: string;
  voterGroup: string | null;
  hukouAreaCode: string | null;
  residenceAreaCode: string | null;
  address: string | null;
  workUnit: string | null;
  awayForWork: boolean;
  status: RollStatus;
}

const status = oneOf<RollStatus>({
  列入: "LISTED", 已列入: "LISTED", listed: "LISTED",
  未列入: "NOT_LISTED", 不列入: "NOT_LISTED", notlisted: "NOT_LISTED",
  中止: "SUSPENDED", 中止选举权利: "SUSPENDED", 暂停: "SUSPENDED", suspended: "SUSPENDED",
  除名: "REMOVED", 已除名: "REMOVED", removed: "REMOVED",
});

export const roll = defineKind({
  columns: {
    voterNo: column(["选民编号", "选民证号", "编号", "voter_no", "voter_number"], required(text(32)), { required: true }),
    fullName: column(["姓名", "full_name", "name"], required(personName), { required: true }),
    idNumber: column(["身份证号", "身份证号码", "公民身份号码", "证件号码", "id_number", "id_no"], optional(idNumber)),
    idLast4: column(["身份证后四位", "后四位", "id_last4", "last4"], optional(idLast4)),
    birthDate: column(["出生日期", "出生年月日", "birth_date", "date_of_birth", "dob"], optional(date)),
    gender: column(["性别", "gender", "sex"], optional(gender)),
    constituencyCode: column(["选区代码", "选区编号", "选区", "constituency_code", "constituency"], required(code), { required: true }),
    voterGroup: column(["选民小组", "小组", "voter_group"], optional(text(50))),
    hukouAreaCode: column(["户籍地代码", "户籍地区划代码", "户籍代码", "hukou_area_code"], optional(areaCode())),
    residenceAreaCode: column(["居住地代码", "现居住地代码", "居住地区划代码", "residence_area_code"], optional(areaCode())),
    address: column(["住址", "居住地址", "地址", "address"], optional(text(200))),
    workUnit: column(["工作单位", "单位", "work_unit"], optional(text(100))),
    awayForWork: column(["外出务工", "外出", "away_for_work"], optional(yesNo)),
    status: column(["状态", "登记状态", "status"], optional(status)),
  },
  // The ID number carries the last four, the birth date and the gender; without it they are needed.
  columnGroups: [["idNumber", "idLast4"], ["idNumber", "birthDate"], ["idNumber", "gender"]],
  needs: ["electionDay", "constituencies", "areaCodes", "roll"],

  finish(f, ctx, report): RollRow {
    const id = f.idNumber;
    let last4 = id?.last4 ?? f.idLast4 ?? "";
    if (id && f.idLast4 !== null && f.idLast4 !== id.last4) report("idLast4", "ID_LAST4_MISMATCH");
    if (!id && f.idLast4 === null) report("idLast4", "MISSING_ID");
    if (id && f.birthDate !== null && f.birthDate !== id.birthDate) report("birthDate", "BIRTH_DATE_MISMATCH");
    if (id && f.gender !== null && f.gender !== id.gender) report("gender", "GENDER_MISMATCH");
    const birthDate = id?.birthDate ?? f.birthDate;
    const sex = id?.gender ?? f.gender;
    if (birthDate === null) report("birthDate", "MISSING_BIRTH_DATE");
    if (sex === null) report("gender", "MISSING_GENDER");
    if (birthDate !== null && !isAdultOn(birthDate, ctx.electionDay!)) report("birthDate", "UNDER_18", ctx.electionDay);

    const constituency = ctx.constituencies!.get(f.constituencyCode);
    if (!constituency) report("constituencyCode", "UNKNOWN_CONSTITUENCY", f.constituencyCode);
    else if (f.voterGroup !== null && !constituency.voterGroups.has(f.voterGroup)) {
      report("voterGroup", "UNKNOWN_VOTER_GROUP", f.voterGroup);
    }
    for (const k of ["hukouAreaCode", "residenceAreaCode"] as const) {
      const c = f[k];
      if (c !== null && !known(ctx.areaCodes, c)) report(k, "UNKNOWN_AREA", c);
    }

    // Against the roll already stored for this election.
    if (ctx.roll!.voterNos.has(f.voterNo)) report("voterNo", "VOTER_NO_EXISTS", f.voterNo);
    if (birthDate !== null && last4 !== "") {
      const stored = ctx.roll!.persons.get(personKey(f.fullName, last4, birthDate));
      if (stored === f.constituencyCode) report("fullName", "PERSON_ALREADY_ON_ROLL");
      else if (stored !== undefined) report("constituencyCode", "PERSON_IN_TWO_CONSTITUENCIES", stored);
    }

    return {
      voterNo: f.voterNo,
      fullName: f.fullName,
      idLast4: last4,
      birthDate: birthDate as LocalDate,
      gender: sex ?? "M",
      constituencyCode: f.constituencyCode,
      voterGroup: f.voterGroup,
      hukouAreaCode: f.hukouAreaCode,
      residenceAreaCode: f.residenceAreaCode,
      address: f.address,
      workUnit: f.workUnit,
      awayForWork: f.awayForWork ?? false,
      status: f.status ?? "LISTED",
    };
  },

  unique: [
    { field: "voterNo", problem: "DUPLICATE_VOTER_NO", key: (f) => f.voterNo ?? undefined },
    {
      field: "fullName",
      problem: "DUPLICATE_PERSON",
      otherGroupProblem: "PERSON_IN_TWO_CONSTITUENCIES",
      key: (f) => {
        const last4 = f.idNumber?.last4 ?? f.idLast4;
        const birth = f.idNumber?.birthDate ?? f.birthDate;
        return f.fullName && last4 && birth ? personKey(f.fullName, last4, birth) : undefined;
      },
      group: (f) => f.constituencyCode ?? undefined,
    },
  ],
});
