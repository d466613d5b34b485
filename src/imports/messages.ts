/**
 * Stable problem codes of the staff imports and their messages. The bot and the CLI render them;
 * `detail` is language-neutral (a value, a range, row numbers, accepted names) and is shown after
 * the message, so each message must read well with and without it.
 */

export type ImportLocale = "zh-CN" | "en";

const M = {
  // ── the file as a whole ──
  FILE_TOO_LARGE: { "zh-CN": "文件太大，请拆分后分批导入", en: "The file is too large; split it and import the parts" },
  EMPTY_FILE: { "zh-CN": "文件是空的", en: "The file is empty" },
  NOT_A_TABLE: { "zh-CN": "无法识别的文件，请上传 CSV 或 XLSX", en: "Not a table file; upload CSV or XLSX" },
  UNSUPPORTED_XLS: {
    "zh-CN": "不支持旧版 Excel（.xls），请另存为 .xlsx 或 CSV",
    en: "Old Excel files (.xls) are not supported; save as .xlsx or CSV",
  },
  MALFORMED_CSV: { "zh-CN": "CSV 格式有误（引号不配对等）", en: "The CSV is malformed (unbalanced quotes or similar)" },
  MALFORMED_XLSX: { "zh-CN": "XLSX 文件已损坏或不完整", en: "The XLSX file is damaged or incomplete" },
  NO_WORKSHEET: { "zh-CN": "XLSX 文件中没有工作表", en: "The XLSX file has no worksheet" },
  TOO_MANY_ROWS: { "zh-CN": "行数超过上限，请拆分后分批导入；上限", en: "Too many rows; split the file. Limit" },
  NO_KNOWN_COLUMN: {
    "zh-CN": "一列都没有认出来：请确认选对了导入的内容、表头在第一行；CSV 文件请存为 UTF-8 或 GBK 编码（繁体 Big5 等编码无法读取，可在 Excel 中“另存为 CSV UTF-8”）",
    en: "Not one column was recognised: check that this is the right kind of file and the header is on the first row; save a CSV as UTF-8 or GBK (Big5 and other encodings cannot be read; Excel: Save As \"CSV UTF-8\")",
  },
  MISSING_COLUMN: { "zh-CN": "缺少必需的列；可用列名", en: "A required column is missing; accepted names" },
  DUPLICATE_COLUMN: { "zh-CN": "同一列出现了两次", en: "The same column appears twice" },

  // ── cells as read ──
  FORMULA_WITHOUT_VALUE: {
    "zh-CN": "公式没有计算结果，请在 Excel 中重新计算并保存，或改为数值",
    en: "Formula without a value; recalculate and save in Excel, or paste as values",
  },
  CELL_ERROR: { "zh-CN": "单元格是错误值", en: "The cell holds an error value" },
  MERGED_CELLS: {
    "zh-CN": "有合并单元格，请取消合并并在每个单元格中填写；区域",
    en: "Merged cells; unmerge them and fill in every cell. Range",
  },
  ID_STORED_AS_NUMBER: {
    "zh-CN": "身份证号被存成了数字，末几位已丢失；请将该列设为“文本”后重新录入",
    en: "The ID number is stored as a number and has lost digits; format the column as Text and re-enter it",
  },
  EXTRA_CELLS: {
    "zh-CN": "该行的单元格比表头多（可能是地址中含有未加引号的逗号）",
    en: "More cells than header columns (perhaps an unquoted comma in an address)",
  },

  // ── values ──
  MISSING_VALUE: { "zh-CN": "必填项为空", en: "Required value is empty" },
  TOO_LONG: { "zh-CN": "内容太长；最多字符数", en: "Too long; maximum characters" },
  BAD_VALUE: { "zh-CN": "无法识别的值；可填", en: "Unrecognised value; accepted" },
  BAD_DATE: {
    "zh-CN": "日期无法识别（应为 2026-03-07、2026/3/7 或 2026年3月7日）",
    en: "Not a date (use 2026-03-07, 2026/3/7 or 2026年3月7日)",
  },
  BAD_TIME: { "zh-CN": "时间无法识别（应为 08:00）", en: "Not a time (use 08:00)" },
  BAD_DATETIME: {
    "zh-CN": "日期时间无法识别（应为 2026-11-20 14:30）",
    en: "Not a date and time (use 2026-11-20 14:30)",
  },
  BAD_BOOLEAN: { "zh-CN": "应填 是 或 否", en: "Use 是/否 (yes/no)" },
  BAD_NUMBER: { "zh-CN": "不是有效的数字", en: "Not a valid number" },
  BAD_AREA_CODE: {
    "zh-CN": "区划代码应为 6 位（县）、9 位（乡镇）或 12 位（村/社区）数字",
    en: "Area codes have 6 (county), 9 (township) or 12 (village/community) digits",
  },
  BAD_CODE: { "zh-CN": "代码只能含字母、数字和 - _ .", en: "Codes may contain only letters, digits and - _ ." },
  BAD_NAME: { "zh-CN": "姓名中不能有数字或符号", en: "Names may not contain digits or symbols" },
  BAD_PHONE: { "zh-CN": "电话号码无法识别", en: "Not a phone number" },
  BAD_EMAIL: { "zh-CN": "电子邮箱地址无法识别", en: "Not an email address" },
  BAD_COORDINATE: { "zh-CN": "经纬度超出范围", en: "Coordinate out of range" },
  SEATS_OUT_OF_RANGE: {
    "zh-CN": "每个选区应选代表 1 至 3 名（选举法第二十五条）",
    en: "A constituency elects 1 to 3 delegates (Election Law art. 25)",
  },
  DUPLICATE_IN_LIST: { "zh-CN": "列表中有重复项", en: "Repeated item in the list" },

  // ── identity ──
  BAD_ID_LENGTH: { "zh-CN": "身份证号应为 18 位", en: "An ID number has 18 characters" },
  BAD_ID_CHARACTERS: {
    "zh-CN": "身份证号只能是数字，最后一位可以是 X",
    en: "An ID number has only digits, the last may be X",
  },
  BAD_ID_BIRTH_DATE: { "zh-CN": "身份证号中的出生日期不存在", en: "The birth date inside the ID number does not exist" },
  BAD_ID_CHECK_DIGIT: {
    "zh-CN": "身份证号校验位不对，可能有录入错误",
    en: "The ID number's check digit is wrong; probably a typing error",
  },
  BAD_ID_LAST4: {
    "zh-CN": "身份证后四位应为 4 个字符（3 位数字加数字或 X）",
    en: "ID last four: 3 digits then a digit or X",
  },
  MISSING_ID: {
    "zh-CN": "身份证号和身份证后四位至少填一项",
    en: "Give the ID number or its last four characters",
  },
  ID_LAST4_MISMATCH: {
    "zh-CN": "身份证后四位与身份证号不一致",
    en: "The ID last four do not match the ID number",
  },
  BIRTH_DATE_MISMATCH: {
    "zh-CN": "出生日期与身份证号中的不一致",
    en: "The birth date does not match the ID number",
  },
  GENDER_MISMATCH: { "zh-CN": "性别与身份证号不一致", en: "The gender does not match the ID number" },
  MISSING_BIRTH_DATE: {
    "zh-CN": "没有身份证号时必须填写出生日期",
    en: "Without an ID number the birth date is required",
  },
  MISSING_GENDER: { "zh-CN": "没有身份证号时必须填写性别", en: "Without an ID number the gender is required" },
  UNDER_18: {
    "zh-CN": "选举日未满十八周岁（选举法第三条）；选举日",
    en: "Under 18 on election day (Election Law art. 3); election day",
  },

  // ── references to other data ──
  UNKNOWN_CONSTITUENCY: { "zh-CN": "没有这个选区代码", en: "No constituency with this code" },
  UNKNOWN_VOTER_GROUP: { "zh-CN": "该选区没有这个选民小组", en: "The constituency has no voter group of this name" },
  UNKNOWN_AREA: { "zh-CN": "没有这个区划代码", en: "No area with this code" },
  AREA_OUTSIDE_ELECTION: { "zh-CN": "这个村居不在本次选举的行政区域内", en: "This village/community lies outside the area of this election" },
  UNKNOWN_PARENT_AREA: {
    "zh-CN": "上级区划不存在（既不在文件中也不在系统中）",
    en: "The parent area exists neither in this file nor in the system",
  },
  UNKNOWN_CANDIDATE: {
    "zh-CN": "该选区没有这位候选人",
    en: "No candidate of this name in the constituency",
  },
  UNKNOWN_DEPARTMENT: { "zh-CN": "没有这个单位代码", en: "No department with this code" },
  LEVEL_MISMATCH: { "zh-CN": "层级与区划代码位数不符", en: "The level does not fit the length of the code" },
  PARENT_MISMATCH: {
    "zh-CN": "上级代码应是本代码的前几位；应为",
    en: "The parent code must be the start of the code; expected",
  },

  // ── within a row ──
  AREAS_REQUIRED: {
    "zh-CN": "按居住状况划分的选区必须列出所含村（社区）代码",
    en: "A residence constituency must list the villages/communities it covers",
  },
  WORK_UNITS_REQUIRED: {
    "zh-CN": "按工作单位划分的选区必须列出所含单位",
    en: "A work-unit constituency must list its work units",
  },
  CLOSES_BEFORE_OPENS: { "zh-CN": "结束时间早于开始时间", en: "Closes before it opens" },
  COORDINATES_INCOMPLETE: { "zh-CN": "经度和纬度要同时填写", en: "Give both latitude and longitude, or neither" },
  ENDS_BEFORE_STARTS: { "zh-CN": "结束时间早于开始时间", en: "Ends before it starts" },
  MEETING_ON_OR_AFTER_ELECTION_DAY: {
    "zh-CN": "选举日当天及以后不得再介绍候选人（选举法第三十四条）；选举日",
    en: "Candidate introductions stop on election day (Election Law art. 34); election day",
  },
  TERM_END_BEFORE_START: { "zh-CN": "任期结束早于开始", en: "The term ends before it starts" },

  // ── duplicates (不错不重不漏) ──
  DUPLICATE_IN_FILE: { "zh-CN": "文件中重复；另见第几行", en: "Repeated in this file; see also row(s)" },
  DUPLICATE_VOTER_NO: { "zh-CN": "选民编号重复；另见第几行", en: "Voter number repeated; see also row(s)" },
  DUPLICATE_PERSON: {
    "zh-CN": "同一人（姓名、身份证后四位、出生日期相同）登记了两次；另见第几行",
    en: "The same person (name, ID last four, birth date) is listed twice; see also row(s)",
  },
  PERSON_IN_TWO_CONSTITUENCIES: {
    "zh-CN": "同一人登记在两个选区；另见",
    en: "The same person is registered in two constituencies; see also",
  },
  VOTER_NO_EXISTS: { "zh-CN": "系统中已有这个选民编号", en: "This voter number is already on the roll" },
  PERSON_ALREADY_ON_ROLL: {
    "zh-CN": "此人已在选民名单中（同一选区）",
    en: "This person is already on the roll (same constituency)",
  },

  // ── election results (kinds-results.ts) ──
  RESULT_NO_ROUND_TO_ENTER: {
    "zh-CN": "这个选区现在没有可录入的一轮（投票日未到，或选举已结束）",
    en: "This constituency has no round to enter now (election day not reached, or its election is over)",
  },
  RESULT_WHOLE_AND_PARTS: {
    "zh-CN": "同一选区不能既有合计行（投票点为空）又有分投票点的行",
    en: "A constituency has either totals rows (no polling point) or per-polling-point rows, not both",
  },
  RESULT_FIGURES_DIFFER: {
    "zh-CN": "同一投票点（或选区）各行的选票数不一致；另见第几行",
    en: "The ballot figures differ between rows of the same polling point (or constituency); see row",
  },
  RESULT_VOTED_ABOVE_REGISTERED: { "zh-CN": "发出选票多于登记选民数（发出 / 登记）", en: "More ballots issued than registered voters (issued / registered)" },
  RESULT_PROXY_ABOVE_VOTED: { "zh-CN": "委托投票多于发出选票（委托 / 发出）", en: "More proxy ballots than ballots issued (proxy / issued)" },
  RESULT_VALID_ABOVE_RETURNED: { "zh-CN": "有效票多于收回选票（有效 / 收回）", en: "More valid ballots than returned (valid / returned)" },
  RESULT_VALID_INVALID_NOT_RETURNED: {
    "zh-CN": "有效票 + 无效票 ≠ 收回选票（有效 / 无效 / 合计 / 收回）",
    en: "Valid + invalid ≠ returned (valid / invalid / sum / returned)",
  },
  RESULT_VOTES_ABOVE_VALID: { "zh-CN": "一人得票多于有效票（得票 / 有效）", en: "One name has more votes than valid ballots (votes / valid)" },
  RESULT_VOTES_ABOVE_VALID_TIMES_SEATS: {
    "zh-CN": "得票合计超过有效票 × 应选名额，每张选票最多选应选名额数（选举法第四十四条）（合计 / 有效 / 名额 / 上限）",
    en: "Total votes above valid ballots × seats: a ballot names at most as many as there are seats (Election Law art. 44) (total / valid / seats / limit)",
  },
} as const satisfies Record<string, Record<ImportLocale, string>>;

export type ProblemCode = keyof typeof M;

export const MESSAGES: Readonly<Record<ProblemCode, Readonly<Record<ImportLocale, string>>>> = M;

/** zh-TW and other Chinese locales read the Chinese text (report.ts turns it into traditional characters for zh-TW); anything else English. */
export function importLocale(locale: string): ImportLocale {
  return locale.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/** The message for a problem, followed by its detail when there is one. */
export function renderProblem(problem: ProblemCode, locale: string, detail?: string): string {
  const l = importLocale(locale);
  const text = MESSAGES[problem][l];
  if (detail === undefined || detail === "") return text;
  return l === "zh-CN" ? `${text}：${detail}` : `${text}: ${detail}`;
}
