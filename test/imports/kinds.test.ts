import { describe, expect, it } from "vitest";
import { normaliseHeader } from "../../src/imports/headers.js";
import { KINDS, type FaqRow, type ImportKind, type MeetingRow, type PlaceRow } from "../../src/imports/kinds.js";
import { readAndValidate } from "../../src/imports/validate.js";
import { context, csvFile } from "./helpers.js";

type Cells = (string | number)[][];
const problems = (errors: { row: number; problem: string; column?: string }[]) =>
  errors.map((e) => `${e.row}:${e.column ?? ""}:${e.problem}`);

async function run<K extends ImportKind>(kind: K, rows: Cells, ctx = context()) {
  return readAndValidate(kind, csvFile(rows), ctx);
}

describe("column names", () => {
  it.each(Object.keys(KINDS))("%s: no header name is accepted for two columns", (kind) => {
    const seen = new Map<string, string>();
    for (const [field, col] of Object.entries(KINDS[kind as ImportKind].columns)) {
      for (const name of (col as { names: string[] }).names) {
        const key = normaliseHeader(name);
        expect(seen.get(key) ?? field, `${kind}: ${name}`).toBe(field);
        seen.set(key, field);
      }
    }
  });

  it("ignores case, spaces, full-width forms and notes in brackets", () => {
    expect(normaliseHeader("性别(男/女)")).toBe("性别");
    expect(normaliseHeader("性别（男/女）")).toBe("性别");
    expect(normaliseHeader(" Full Name ")).toBe("fullname");
    expect(normaliseHeader("ＩＤ＿Ｌａｓｔ４")).toBe("idlast4");
    expect(normaliseHeader("出生日期【必填】*")).toBe("出生日期");
  });

  it("names a missing required column with the names it accepts", async () => {
    const r = await run("places", [["选区代码", "名称"], ["C01", "一站"]]);
    expect(r.rows).toEqual([]);
    expect(r.errors).toContainEqual({ row: 1, column: "类型", problem: "MISSING_COLUMN", detail: "类型 / 投票方式 / kind / type" });
    expect(r.errors.every((e) => e.row === 1 && e.problem === "MISSING_COLUMN")).toBe(true);
  });

  it("reports a column given twice under two names", async () => {
    const r = await run("departments", [["代码", "code", "名称"], ["D1", "D1", "民政局"]]);
    expect(r.errors).toEqual([{ row: 1, column: "code", problem: "DUPLICATE_COLUMN", detail: "代码" }]);
  });
});

describe("areas", () => {
  it("accepts counties, townships and villages, deriving level and parent from the code", async () => {
    const r = await run("areas", [
      ["区划代码", "名称", "层级"],
      ["110105", "朝阳区", ""],
      ["110105003", "三里屯街道", "街道"],
      ["110105003001", "三里屯社区", "社区"],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.value)).toEqual([
      { code: "110105", name: "朝阳区", level: "COUNTY", parentCode: null },
      { code: "110105003", name: "三里屯街道", level: "TOWNSHIP", parentCode: "110105" },
      { code: "110105003001", name: "三里屯社区", level: "COMMUNITY", parentCode: "110105003" },
    ]);
  });

  it("reports bad codes, levels, parents and duplicates", async () => {
    const r = await run("areas", [
      ["code", "name", "level", "parent_code"],
      ["11010", "短", "", ""],
      ["110105009", "乡", "村", ""],
      ["110105001005", "村", "", ""],
      ["110105001006", "村", "村", "110105002"],
      ["110199001001", "村", "村", ""],
      ["110105001007", "甲村", "村", ""],
      ["110105001007", "乙村", "村", ""],
    ]);
    expect(problems(r.errors)).toEqual([
      "2:code:BAD_AREA_CODE",
      "3:level:LEVEL_MISMATCH",
      "4:level:MISSING_VALUE",
      "5:parent_code:PARENT_MISMATCH",
      "6:code:UNKNOWN_PARENT_AREA",
      "7:code:DUPLICATE_IN_FILE",
      "8:code:DUPLICATE_IN_FILE",
    ]);
  });
});

describe("constituencies", () => {
  it("reads seats, basis, areas, work units and voter groups with leaders", async () => {
    const r = await run("constituencies", [
      ["选区代码", "选区名称", "应选代表名额", "划分方式", "所含村居代码", "所含单位", "选民小组"],
      ["C01", "第一选区", "2", "居住地", "110105001001、110105001002", "", "第一组:张三、第二组"],
      ["C02", "县医院选区", "1", "工作单位", "", "县人民医院；县卫健局", ""],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.value).toMatchObject({
      seats: 2, basis: "RESIDENCE", areaCodes: ["110105001001", "110105001002"],
      voterGroups: [{ name: "第一组", leaderName: "张三" }, { name: "第二组", leaderName: null }],
    });
    expect(r.rows[1]!.value).toMatchObject({ basis: "WORK_UNIT", workUnits: ["县人民医院", "县卫健局"], areaCodes: [] });
  });

  it("reports seats out of 1–3, a missing basis list, unknown areas and duplicates", async () => {
    const r = await run("constituencies", [
      ["code", "name", "seats", "basis", "area_codes", "work_units"],
      ["C01", "一", "4", "居住地", "110105001001", ""],
      ["C02", "二", "0", "residence", "110105001001", ""],
      ["C03", "三", "两", "居住地", "110105001001", ""],
      ["C04", "四", "1", "居住地", "", ""],
      ["C05", "五", "1", "工作单位", "", ""],
      ["C06", "六", "1", "按地图", "110105001001", ""],
      ["C07", "七", "1", "居住地", "110105009999", ""],
      ["C08", "八", "1", "居住地", "110105001001、110105001001", ""],
      ["C09", "九", "1", "居住地", "110105001001", ""],
      ["C09", "九", "1", "居住地", "110105001001", ""],
    ]);
    expect(problems(r.errors)).toEqual([
      "2:seats:SEATS_OUT_OF_RANGE",
      "3:seats:SEATS_OUT_OF_RANGE",
      "4:seats:BAD_NUMBER",
      "5:area_codes:AREAS_REQUIRED",
      "6:work_units:WORK_UNITS_REQUIRED",
      "7:basis:BAD_VALUE",
      "8:area_codes:UNKNOWN_AREA",
      "9:area_codes:DUPLICATE_IN_LIST",
      "10:code:DUPLICATE_IN_FILE",
      "11:code:DUPLICATE_IN_FILE",
    ]);
  });

  it("a township's election takes in only the township's villages and communities", async () => {
    const rows: Cells = [
      ["code", "name", "seats", "basis", "area_codes"],
      ["C01", "一", "1", "居住地", "110105001001、110105001002"],
      ["C02", "二", "1", "居住地", "110105001001、110105002201"],
    ];
    const r = await run("constituencies", rows, context({ electionAreaCode: "110105001" }));
    expect(problems(r.errors)).toEqual(["3:area_codes:AREA_OUTSIDE_ELECTION"]);
    // The county's election: every village of the county.
    expect((await run("constituencies", rows, context({ electionAreaCode: "110105" }))).errors).toEqual([]);
  });
});

describe("places", () => {
  const head = ["选区代码", "类型", "名称", "地址", "开始时间", "结束时间", "纬度", "经度", "无障碍通道"];
  it("reads kinds, times and coordinates", async () => {
    const r = await run("places", [
      head,
      ["C01", "投票站", "村委会投票站", "村委会大院", "8:00", "17:30", "39.93", "116.45", "是"],
      ["C01", "流动票箱", "流动票箱一", "全村", "08:00", "12:00", "", "", ""],
      ["C02", "选举大会", "中心会场", "学校礼堂", "09:00", "11:00", "", "", "否"],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.value).toEqual({
      constituencyCode: "C01", kind: "STATION", name: "村委会投票站", address: "村委会大院", opensAt: "08:00",
      closesAt: "17:30", latitude: 39.93, longitude: 116.45, stepFree: true, accessibility: null,
    });
    expect(r.rows.map((x) => (x.value as PlaceRow).kind)).toEqual(["STATION", "MOBILE_BOX", "ELECTION_MEETING"]);
  });

  it("reports unknown constituencies, bad times and half coordinates", async () => {
    const r = await run("places", [
      head,
      ["C09", "投票站", "甲", "地址", "08:00", "17:00", "", "", ""],
      ["C01", "投票点", "乙", "地址", "08:00", "17:00", "", "", ""],
      ["C01", "投票站", "丙", "地址", "8点半", "17:00", "", "", ""],
      ["C01", "投票站", "丁", "地址", "17:00", "08:00", "", "", ""],
      ["C01", "投票站", "戊", "地址", "08:00", "17:00", "39.9", "", "也许"],
      ["C01", "投票站", "戊", "地址", "08:00", "17:00", "95", "116", ""],
    ]);
    expect(problems(r.errors)).toEqual([
      "2:选区代码:UNKNOWN_CONSTITUENCY",
      "3:类型:BAD_VALUE",
      "4:开始时间:BAD_TIME",
      "5:结束时间:CLOSES_BEFORE_OPENS",
      "6:无障碍通道:BAD_BOOLEAN",
      "6:名称:DUPLICATE_IN_FILE",
      "7:纬度:BAD_COORDINATE",
      "7:名称:DUPLICATE_IN_FILE",
    ]);
  });
});

describe("candidates", () => {
  const head = ["选区代码", "姓名", "性别", "出生年月", "职业职务", "简介", "推荐方式", "推荐者", "名单类型"];
  it("reads a formal list", async () => {
    const r = await run("candidates", [
      head,
      ["C01", "王小明", "男", "1975.03", "村党支部书记", "1975年生…", "政党推荐", "中共某村支部", "正式"],
      ["C01", "欧阳红", "女", "1980年5月", "教师", "1980年生…", "选民联名推荐", "选民张三等12人", "正式"],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows[1]!.value).toMatchObject({ birthYear: 1980, gender: "F", nominationKind: "JOINT_VOTERS", listStage: "FORMAL" });
  });

  it("reports bad values, the voting age and a name twice in one constituency", async () => {
    const r = await run("candidates", [
      head,
      ["C01", "王小明", "未知", "1975", "书记", "简介", "政党推荐", "某支部", ""],
      ["C01", "李红", "女", "2010", "学生", "简介", "自荐", "本人", ""],
      ["C01", "王小明", "男", "1975", "书记", "", "政党推荐", "某支部", "最终"],
    ]);
    expect(problems(r.errors)).toEqual([
      "2:性别:BAD_VALUE",
      "2:姓名:DUPLICATE_IN_FILE",
      "3:推荐方式:BAD_VALUE",
      "4:简介:MISSING_VALUE",
      "4:名单类型:BAD_VALUE",
      "4:姓名:DUPLICATE_IN_FILE",
    ]);
    const young = await run("candidates", [head, ["C01", "李红", "女", "2010", "学生", "简介", "政党推荐", "某团体", ""]]);
    expect(problems(young.errors)).toEqual(["2:出生年月:UNDER_18"]);
  });
});

describe("meetings", () => {
  const head = ["选区代码", "候选人", "开始时间", "结束时间", "地点"];
  it("reads candidate meetings before election day", async () => {
    const r = await run("meetings", [
      head,
      ["C01", "王小明", "2026-11-15 09:30", "2026-11-15 11:00", "村委会会议室"],
      ["C01", "李红", "2026年11月16日 14:00", "", "小学操场"],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.value as MeetingRow).map((v) => [v.startsAt, v.endsAt])).toEqual([
      ["2026-11-15T09:30", "2026-11-15T11:00"],
      ["2026-11-16T14:00", null],
    ]);
  });

  it("reports unknown candidates, meetings on election day and bad times", async () => {
    const r = await run("meetings", [
      head,
      ["C01", "张三", "2026-11-15 09:30", "", "会议室"],
      ["C01", "王小明", "2026-11-20 09:30", "", "会议室"],
      ["C01", "王小明", "2026-11-15 11:00", "2026-11-15 10:00", "会议室"],
      ["C01", "李红", "下周一", "", "会议室"],
    ]);
    expect(problems(r.errors)).toEqual([
      "2:候选人:UNKNOWN_CANDIDATE",
      "3:开始时间:MEETING_ON_OR_AFTER_ELECTION_DAY",
      "4:结束时间:ENDS_BEFORE_STARTS",
      "5:开始时间:BAD_DATETIME",
    ]);
  });
});

describe("delegates", () => {
  const head = ["姓名", "级别", "选区代码", "任期开始", "任期结束"];
  it("reads delegates of both levels", async () => {
    const r = await run("delegates", [
      head,
      ["买买提·艾力", "县级", "C01", "2021/11/20", "2026/11/19"],
      ["李红", "乡镇", "", "2021年11月20日", "2026年11月19日"],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.value).toMatchObject({ fullName: "买买提·艾力", level: "COUNTY", termStart: "2021-11-20", termEnd: "2026-11-19" });
  });

  it("reports bad terms, levels and names", async () => {
    const r = await run("delegates", [
      head,
      ["张三", "省级", "C01", "2021-11-20", "2026-11-19"],
      ["李四", "县级", "C09", "2026-11-19", "2021-11-20"],
      ["王五5", "县级", "", "2021-02-30", "2026-11-19"],
    ]);
    expect(problems(r.errors)).toEqual([
      "2:级别:BAD_VALUE",
      "3:选区代码:UNKNOWN_CONSTITUENCY",
      "3:任期结束:TERM_END_BEFORE_START",
      "4:姓名:BAD_NAME",
      "4:任期开始:BAD_DATE",
    ]);
  });
});

describe("faq", () => {
  it("reads entries with keywords and the default locale", async () => {
    const r = await run("faq", [
      ["主题", "问题", "答案", "关键词", "语言"],
      ["登记", "我在外地打工怎么登记？", "可以在现居住地登记……", "外出务工、登记", ""],
      ["投票", "可以委托别人投票吗？", "可以，须书面委托……", "委托投票", "繁體"],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.value as FaqRow).map((v) => [v.locale, v.keywords])).toEqual([
      ["zh-CN", ["外出务工", "登记"]],
      ["zh-TW", ["委托投票"]],
    ]);
  });

  it("reports empty answers, unknown locales and a question twice", async () => {
    const r = await run("faq", [
      ["topic", "question", "answer", "locale"],
      ["登记", "怎么登记？", "", ""],
      ["登记", "怎么登记？", "到村委会。", "fr"],
      ["登记", "怎么 登记？", "到村委会。", ""],
    ]);
    expect(problems(r.errors)).toEqual([
      "2:answer:MISSING_VALUE",
      "2:question:DUPLICATE_IN_FILE",
      "3:locale:BAD_VALUE",
      "4:question:DUPLICATE_IN_FILE",
    ]);
  });
});

describe("departments", () => {
  it("reads departments with contacts", async () => {
    const r = await run("departments", [
      ["单位代码", "单位名称", "联系人", "联系电话", "邮箱"],
      ["MZJ", "县民政局", "张三", "0571-8888 1234", "mzj@example.gov.cn"],
      ["JTJ", "县交通运输局", "", "13800138000", ""],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.value).toEqual({
      code: "MZJ", name: "县民政局", contactName: "张三", contactPhone: "0571-8888 1234", email: "mzj@example.gov.cn", status: null,
    });
  });

  it("reports bad codes, phones, emails and duplicates", async () => {
    const r = await run("departments", [
      ["code", "name", "contact_phone", "email"],
      ["民政 局", "县民政局", "", ""],
      ["JTJ", "县交通运输局", "电话待定", "jtj@"],
      ["JTJ", "县交通局", "", ""],
    ]);
    expect(problems(r.errors)).toEqual([
      "2:code:BAD_CODE",
      "3:contact_phone:BAD_PHONE",
      "3:email:BAD_EMAIL",
      "3:code:DUPLICATE_IN_FILE",
      "4:code:DUPLICATE_IN_FILE",
    ]);
  });
});

describe("categories", () => {
  it("reads names in three languages and a default department", async () => {
    const r = await run("categories", [
      ["类别代码", "名称", "英文名称", "繁体名称", "排序", "默认承办单位代码"],
      ["ROAD", "道路交通", "Roads and transport", "道路交通", "1", "D01"],
      ["EDU", "教育", "", "", "", ""],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows[1]!.value).toEqual({ code: "EDU", nameZhCn: "教育", nameEn: null, nameZhTw: null, sortOrder: null, departmentCode: null, status: null });
  });

  it("reports unknown departments, bad order numbers and duplicate names", async () => {
    const r = await run("categories", [
      ["code", "name_zh", "sort_order", "department_code"],
      ["ROAD", "道路交通", "第一", "D01"],
      ["EDU", "教育", "2", "D99"],
      ["EDU2", "教育", "3", ""],
    ]);
    expect(problems(r.errors)).toEqual([
      "2:sort_order:BAD_NUMBER",
      "3:department_code:UNKNOWN_DEPARTMENT",
      "3:name_zh:DUPLICATE_IN_FILE",
      "4:name_zh:DUPLICATE_IN_FILE",
    ]);
  });
});
