// /registration and the staff scope, through the real bot: township staff get their township's
// constituencies and the totals of those; county staff the whole county; delegates are refused
// as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
let listed: Record<string, number>;

// Demo constituencies (src/db/seed/demo-data.ts): 01–03 lie in 青禾镇, 04 in 石桥乡, 05 (work units) in the county as a whole.
const NAMES = { "01": "第一选区", "02": "第二选区", "03": "第三选区", "04": "第四选区", "05": "第五选区" } as const;
type Code = keyof typeof NAMES;

beforeAll(async () => {
  h = await createBotHarness({ seed: true });
  const overview = await h.services.areas.overview();
  const electionId = overview!.election!.id;
  listed = {};
  for (const code of Object.keys(NAMES))
    listed[code] = await h.db.prisma.rollEntry.count({ where: { electionId, status: "LISTED", constituency: { code, electionId } } });
});
afterAll(() => h?.close());

function shows(text: string, codes: Code[]) {
  for (const code of Object.keys(NAMES) as Code[]) expect(text.includes(NAMES[code]), `${code} in\n${text}`).toBe(codes.includes(code));
}
const sum = (codes: Code[]) => codes.reduce((s, c) => s + listed[c]!, 0);

describe("/registration by scope", () => {
  it("石桥乡 staff (en): constituency 04 only, its totals, and a note that only the township is counted", async () => {
    const t = await h.staffIn(7401, "999901002", "en");
    await t.send("/registration");
    const text = t.lastText();
    shows(text, ["04"]);
    expect(listed["04"]).toBeGreaterThan(0);
    expect(text).toContain(`Total: 1 constituencies, ${sum(["04"])} voters listed.`);
    expect(text).toContain("Only the constituencies of your township are counted.");
  });

  it("青禾镇 staff (zh-CN): 01–03 and their sum; from the menu button as well", async () => {
    const t = await h.staffIn(7402, "999901001");
    await t.send("/registration");
    const text = t.lastText();
    shows(text, ["01", "02", "03"]);
    expect(text).toContain(`合计：3 个选区，列入名单选民 ${sum(["01", "02", "03"])} 人。`);
    expect(text).toContain("只统计您所在乡镇的选区。");
    await t.send("/menu");
    await t.tap("选民登记统计");
    expect(t.lastText()).toBe(text);
  });

  it("county staff (scoped to the county, or without a scope) see every constituency and the county's totals", async () => {
    const all = Object.keys(NAMES) as Code[];
    for (const c of [await h.staffIn(7403, "999901", "en"), await h.personWithRole(7404, "STAFF", "en")]) {
      await c.send("/registration");
      shows(c.lastText(), all);
      expect(c.lastText()).toContain(`Total: 5 constituencies, ${sum(all)} voters listed.`);
      expect(c.lastText()).not.toContain("Only the constituencies of your township");
    }
  });

  it("a delegate is refused, as before", async () => {
    const d = await h.personWithRole(7405, "DELEGATE", "en");
    await d.send("/registration");
    expect(d.lastText()).toBe("This is only available to election staff.");
  });
});
