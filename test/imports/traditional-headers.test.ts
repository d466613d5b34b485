// Traditional-script (zh-TW, Hong Kong) headers and enum values in staff imports. Every alias of
// every import kind and every enum label is converted with opencc-js (cn → tw, twp, hk) and must
// fold back to the same column or value (src/imports/traditional.ts); one import with Traditional
// headers is written to a real database.
import * as OpenCC from "opencc-js";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { enumLabels, gender, yesNo } from "../../src/imports/fields.js";
import { normaliseHeader } from "../../src/imports/headers.js";
import { headerIndex, isIdHeader, KINDS, kindSpec, type ImportKind } from "../../src/imports/kinds.js";
import { defaultIsIdColumn } from "../../src/imports/read.js";
import { foldTraditional } from "../../src/imports/traditional.js";
import { createServices, type Services } from "../../src/services/index.js";
import { createTestDatabase, type Database } from "../support/database.js";
import { csvFile } from "./helpers.js";

const CONVERTERS = {
  tw: OpenCC.Converter({ from: "cn", to: "tw" }),
  twp: OpenCC.Converter({ from: "cn", to: "twp" }),
  hk: OpenCC.Converter({ from: "cn", to: "hk" }),
};
const toSimplified = [OpenCC.Converter({ from: "tw", to: "cn" }), OpenCC.Converter({ from: "hk", to: "cn" })];
const han = (s: string) => /\p{Script=Han}/u.test(s);
const kinds = Object.keys(KINDS) as ImportKind[];

/** Every Chinese alias of every kind, found from the kinds' column specs. */
const aliases = kinds.flatMap((kind) =>
  Object.entries(kindSpec(kind).columns).flatMap(([field, col]) =>
    col.names.filter(han).map((name) => ({ kind, field, name })),
  ),
);

/** Headers a Taiwan template uses where the word differs, not only its characters. */
const TAIWAN_HEADERS: [ImportKind, string, string][] = [
  ["roll", "身分證號", "idNumber"],
  ["roll", "身分證字號", "idNumber"],
  ["roll", "身分證號碼", "idNumber"],
  ["roll", "身分證後四位", "idLast4"],
  ["roll", "性別(男/女)", "gender"],
  ["roll", "住址", "address"],
  ["roll", "選區代碼", "constituencyCode"],
  ["places", "投票站名稱", "name"],
  ["places", "無障礙通道", "stepFree"],
  ["departments", "聯絡人", "contactName"],
  ["departments", "聯絡電話", "contactPhone"],
  ["departments", "電話", "contactPhone"],
  ["departments", "手機", "contactPhone"],
  ["departments", "行動電話", "contactPhone"],
  ["departments", "電子信箱", "email"],
  ["departments", "信箱", "email"],
  ["categories", "預設承辦單位代碼", "departmentCode"],
];
/** Taiwan header words that fold to mainland ones. */
const TAIWAN_WORDS: [string, string][] = [
  ["手機", "手机"],
  ["行動電話", "行动电话"],
  ["號碼", "号码"],
  ["身分證", "身份证"],
];

describe("Traditional headers", () => {
  it.each(kinds)("%s: every alias in Traditional (tw, twp, hk) finds the same column", (kind) => {
    const index = headerIndex(kind);
    const wrong: string[] = [];
    for (const a of aliases.filter((x) => x.kind === kind)) {
      for (const [to, convert] of Object.entries(CONVERTERS)) {
        const written = convert(a.name);
        const field = index.get(normaliseHeader(written));
        if (field !== a.field) wrong.push(`${a.name} → ${to} ${written} → ${normaliseHeader(written)}: ${field ?? "no column"}, not ${a.field}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("the aliases' Traditional spellings do differ, so the test above tests the fold", () => {
    const differing = aliases.filter((a) => CONVERTERS.tw(a.name) !== a.name);
    expect(differing.length).toBeGreaterThan(100);
  });

  it.each(TAIWAN_HEADERS)("%s: Taiwan header %s is %s", (kind, header, field) => {
    expect(headerIndex(kind).get(normaliseHeader(header))).toBe(field);
  });

  it.each(TAIWAN_WORDS)("%s folds to %s", (tw, cn) => {
    expect(normaliseHeader(tw)).toBe(cn);
  });

  it("an ID-number column in Traditional still refuses numbers typed into Excel", () => {
    for (const h of ["身分證號", "身分證字號", "身份證號碼", "公民身份號碼", "身分證後四位"]) {
      expect(defaultIsIdColumn(h), h).toBe(true);
      expect(isIdHeader("roll")(h), h).toBe(true);
    }
  });
});

describe("Traditional enum values", () => {
  const labels = [...enumLabels()].filter(han);

  it("every label in Traditional (tw, hk) folds to the same key", () => {
    expect(labels.length).toBeGreaterThan(50);
    const wrong: string[] = [];
    for (const label of labels) {
      for (const to of ["tw", "hk"] as const) {
        const written = CONVERTERS[to](label);
        if (foldTraditional(written) !== foldTraditional(label)) wrong.push(`${label} → ${to} ${written} → ${foldTraditional(written)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("yes/no and gender words", () => {
    expect(yesNo("無")).toBe(false);
    expect(yesNo("有")).toBe(true);
    expect(yesNo("否")).toBe(false);
    expect(gender("男")).toBe("M");
  });
});

describe("the fold", () => {
  it("leaves Simplified aliases and labels as they are", () => {
    // Those already Simplified: opencc-js leaves them as they are (繁體名稱 is not one).
    const simplified = [...aliases.map((a) => a.name), ...enumLabels()].filter((s) => toSimplified.every((c) => c(s) === s));
    expect(simplified.length).toBeGreaterThan(200);
    expect(simplified.filter((s) => foldTraditional(s) !== s)).toEqual([]);
  });
});

describe("an import with Traditional headers (database)", () => {
  let db: Database;
  let services: Services;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemo(db.prisma);
    services = createServices(db.prisma, loadConfig({ LOG_LEVEL: "silent" }), pino({ level: "silent" }));
  });
  afterAll(() => db?.close());

  it("a voter roll is written", async () => {
    const o = await services.imports.run(
      "roll",
      csvFile([
        ["選民編號", "姓名", "身分證後四位", "出生日期", "性別", "選區代碼", "外出務工", "登記狀態"],
        ["TW001", "陳測試", "1234", "1980年1月2號", "男", "01", "無", "列入"],
        ["TW002", "林測試", "5678", "1975-05-05", "女", "02", "是", "已列入"],
      ]),
    );
    expect(o.status, JSON.stringify(o.errors)).toBe("written");
    expect(o.counts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const rows = await db.prisma.rollEntry.findMany({ where: { voterNo: { startsWith: "TW" } }, orderBy: { voterNo: "asc" }, include: { constituency: true } });
    expect(rows.map((r) => [r.voterNo, r.fullName, r.idLast4, r.gender, r.constituency.code, r.awayForWork, r.status])).toEqual([
      ["TW001", "陳測試", "1234", "M", "01", false, "LISTED"],
      ["TW002", "林測試", "5678", "F", "02", true, "LISTED"],
    ]);
  });

  it("a polling place with Traditional values is written", async () => {
    const o = await services.imports.run(
      "places",
      csvFile([
        ["選區代碼", "類型", "投票站名稱", "地址", "開始時間", "結束時間", "無障礙通道", "無障礙說明"],
        ["01", "流動票箱", "繁體測試票箱", "測試路1號", "8時00分", "17:00", "有", "坡道"],
      ]),
    );
    expect(o.status, JSON.stringify(o.errors)).toBe("written");
    const p = await db.prisma.pollingPlace.findFirstOrThrow({ where: { name: "繁體測試票箱" } });
    expect([p.kind, p.opensAt, p.closesAt, p.stepFree, p.accessibility]).toEqual(["MOBILE_BOX", "08:00", "17:00", true, "坡道"]);
  });
});
