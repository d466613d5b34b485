/** FAQ, handling departments (承办单位) and suggestion categories. */
import { code, email, integer, list, oneOf, optional, personName, phone, required, text } from "./fields.js";
import { column, defineKind, known, nameKey } from "./spec.js";

// ───────────── FAQ ─────────────

export type FaqLocale = "zh-CN" | "en" | "zh-TW";

export interface FaqRow {
  locale: FaqLocale;
  topic: string;
  question: string;
  answer: string;
  keywords: string[];
}

const faqLocale = oneOf<FaqLocale>({
  "zh-CN": "zh-CN", zhcn: "zh-CN", zh: "zh-CN", 简体: "zh-CN", 简体中文: "zh-CN", 中文: "zh-CN",
  "zh-TW": "zh-TW", zhtw: "zh-TW", 繁体: "zh-TW", 繁體: "zh-TW", 繁体中文: "zh-TW", 繁體中文: "zh-TW",
  en: "en", english: "en", 英文: "en", 英语: "en",
});

export const faq = defineKind({
  columns: {
    locale: column(["语言", "locale", "language"], optional(faqLocale)),
    topic: column(["主题", "分类", "类别", "topic"], required(text(50)), { required: true }),
    question: column(["问题", "question"], required(text(300)), { required: true }),
    answer: column(["答案", "回答", "解答", "answer"], required(text(3000)), { required: true }),
    keywords: column(["关键词", "keywords"], optional(list(text(30)))),
  },
  finish(f, ctx): FaqRow {
    return { ...f, locale: f.locale ?? ctx.defaultLocale ?? "zh-CN", keywords: f.keywords ?? [] };
  },
  unique: [
    {
      field: "question",
      problem: "DUPLICATE_IN_FILE",
      // An empty locale (null) stands for the default one; an unreadable one (undefined) compares with nothing.
      key: (f) => (f.question && f.locale !== undefined ? `${f.locale ?? ""}|${f.question.replace(/\s+/g, "")}` : undefined),
    },
  ],
});

// ───────────── departments ─────────────

/**
 * 启用/停用: departments and categories are never deleted (suggestions point at them); a row with
 * 停用 retires one explicitly. An empty or absent status leaves the stored one as it is.
 */
export type InUse = "ACTIVE" | "RETIRED";
const inUse = oneOf<InUse>({
  启用: "ACTIVE", 在用: "ACTIVE", 有效: "ACTIVE", 正常: "ACTIVE", active: "ACTIVE",
  停用: "RETIRED", 撤销: "RETIRED", 已撤销: "RETIRED", 作废: "RETIRED", inactive: "RETIRED", retired: "RETIRED",
});
const inUseColumn = () => column(["状态", "status"], optional(inUse));

/** Department, by code. */
export interface DepartmentRow {
  code: string;
  name: string;
  contactName: string | null;
  contactPhone: string | null;
  email: string | null;
  status: InUse | null;
}

export const departments = defineKind({
  columns: {
    code: column(["单位代码", "代码", "编码", "code"], required(code), { required: true }),
    name: column(["单位名称", "名称", "name"], required(text(100)), { required: true }),
    contactName: column(["联系人", "contact_name", "contact"], optional(personName)),
    contactPhone: column(["联系电话", "电话", "手机", "手机号", "手机号码", "行动电话", "contact_phone", "phone", "mobile"], optional(phone)),
    email: column(["电子邮箱", "邮箱", "email"], optional(email)),
    status: inUseColumn(),
  },
  finish: (f): DepartmentRow => f,
  unique: [
    { field: "code", problem: "DUPLICATE_IN_FILE", key: (f) => f.code ?? undefined },
    { field: "name", problem: "DUPLICATE_IN_FILE", key: (f) => (f.name ? nameKey(f.name) : undefined) },
  ],
});

// ───────────── suggestion categories ─────────────

/** SuggestionCategory, by code; departmentCode → its default department. */
export interface CategoryRow {
  code: string;
  nameZhCn: string;
  nameEn: string | null;
  nameZhTw: string | null;
  sortOrder: number | null;
  departmentCode: string | null;
  status: InUse | null;
}

export const categories = defineKind({
  columns: {
    code: column(["类别代码", "代码", "编码", "code"], required(code), { required: true }),
    nameZhCn: column(["名称", "中文名称", "简体名称", "name_zh", "name_zh_cn", "name"], required(text(50)), { required: true }),
    nameEn: column(["英文名称", "name_en"], optional(text(100))),
    nameZhTw: column(["繁体名称", "繁體名稱", "name_zh_tw"], optional(text(50))),
    sortOrder: column(["排序", "顺序", "sort_order"], optional(integer(0, 9999))),
    departmentCode: column(["默认承办单位代码", "承办单位代码", "department_code"], optional(code)),
    status: inUseColumn(),
  },
  finish(f, ctx, report): CategoryRow {
    if (f.departmentCode !== null && !known(ctx.departmentCodes, f.departmentCode)) {
      report("departmentCode", "UNKNOWN_DEPARTMENT", f.departmentCode);
    }
    return f;
  },
  unique: [
    { field: "code", problem: "DUPLICATE_IN_FILE", key: (f) => f.code ?? undefined },
    { field: "nameZhCn", problem: "DUPLICATE_IN_FILE", key: (f) => f.nameZhCn ?? undefined },
  ],
  needs: ["departmentCodes"],
});
