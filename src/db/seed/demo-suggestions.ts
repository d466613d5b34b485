// Demo data for suggestions: the fictional county's handling departments (承办单位) and
// suggestion categories (seeded with the county), and — in console mode / SEED_DEMO only — a few
// suggestions in various states addressed to the first demo delegates, so that `/as delegate`
// then `/inbox` shows something. The suggestions are filed and moved through the real service
// (every transition is an event), by invented voters with telegram ids no real account has.
import type { Prisma, PrismaClient } from "@prisma/client";
import { fixedClock } from "../../services/clock.js";
import { SuggestionService } from "../../services/suggestions.js";

/** Fields as the staff import's DepartmentRow. All fictional. */
export const DEMO_DEPARTMENTS = [
  { code: "JT", name: "示例县交通运输局", contactName: "周办事", contactPhone: "0999-5550101", email: "jtj@example.invalid" },
  { code: "JY", name: "示例县教育局", contactName: "吴办事", contactPhone: "0999-5550102", email: "jyj@example.invalid" },
  { code: "WJ", name: "示例县卫生健康委员会", contactName: "郑办事", contactPhone: "0999-5550103", email: "wjw@example.invalid" },
  { code: "ZJ", name: "示例县住房和城乡建设局", contactName: "王办事", contactPhone: "0999-5550104", email: "zjj@example.invalid" },
  { code: "NY", name: "示例县农业农村局", contactName: "冯办事", contactPhone: "0999-5550105", email: "nyj@example.invalid" },
  { code: "ST", name: "示例县生态环境分局", contactName: "陈办事", contactPhone: "0999-5550106", email: "sthj@example.invalid" },
  { code: "MZ", name: "示例县民政局", contactName: "褚办事", contactPhone: "0999-5550107", email: "mzj@example.invalid" },
] as const;

/** Fields as the staff import's CategoryRow. */
export const DEMO_CATEGORIES = [
  { code: "traffic", nameZhCn: "道路交通", nameEn: "Roads and transport", nameZhTw: "道路交通", sortOrder: 10, departmentCode: "JT" },
  { code: "education", nameZhCn: "教育", nameEn: "Education", nameZhTw: "教育", sortOrder: 20, departmentCode: "JY" },
  { code: "health", nameZhCn: "医疗卫生", nameEn: "Health care", nameZhTw: "醫療衛生", sortOrder: 30, departmentCode: "WJ" },
  { code: "housing", nameZhCn: "住房与村镇建设", nameEn: "Housing and village works", nameZhTw: "住房與村鎮建設", sortOrder: 40, departmentCode: "ZJ" },
  { code: "farming", nameZhCn: "农业农村", nameEn: "Farming and rural affairs", nameZhTw: "農業農村", sortOrder: 50, departmentCode: "NY" },
  { code: "environment", nameZhCn: "生态环境", nameEn: "Environment", nameZhTw: "生態環境", sortOrder: 60, departmentCode: "ST" },
  { code: "welfare", nameZhCn: "养老与社会保障", nameEn: "Elderly care and welfare", nameZhTw: "養老與社會保障", sortOrder: 70, departmentCode: "MZ" },
] as const;

/** Departments and categories, inside the county's seeding transaction. */
export async function seedSuggestionCatalogue(tx: Prisma.TransactionClient): Promise<void> {
  await tx.department.createMany({ data: DEMO_DEPARTMENTS.map((d) => ({ ...d })) });
  const ids = new Map((await tx.department.findMany({ select: { id: true, code: true } })).map((d) => [d.code, d.id]));
  await tx.suggestionCategory.createMany({
    data: DEMO_CATEGORIES.map(({ departmentCode, ...c }) => ({ ...c, departmentId: ids.get(departmentCode) ?? null })),
  });
}

const DAY = 86_400_000;

/**
 * A handful of suggestions for the first delegate of each of the first two constituencies (the
 * ones `/as delegate` links first), filed by invented voters over the past weeks. Idempotent:
 * does nothing when any suggestion exists.
 */
export async function seedDemoSuggestions(prisma: PrismaClient, now: Date, timeZone = "Asia/Shanghai"): Promise<number> {
  if ((await prisma.suggestion.count()) > 0) return 0;
  const delegates = await prisma.delegate.findMany({ orderBy: { id: "asc" }, take: 1, select: { id: true, constituencyId: true } });
  const d = delegates[0];
  if (!d?.constituencyId) return 0;
  const categories = new Map((await prisma.suggestionCategory.findMany()).map((c) => [c.code, c.id]));
  const department = await prisma.department.findUnique({ where: { code: "JT" } });
  const staff = await prisma.user.upsert({ where: { telegramId: 9_100_000_000n }, create: { telegramId: 9_100_000_000n, firstName: "演示工作人员", role: "STAFF" }, update: {} });
  const delegateUser = await prisma.user.upsert({ where: { telegramId: 9_100_000_099n }, create: { telegramId: 9_100_000_099n, firstName: "演示代表", role: "DELEGATE" }, update: {} });

  const clock = fixedClock(new Date(now.getTime() - 40 * DAY));
  const svc = new SuggestionService(prisma, clock, timeZone);
  // The delegate record is linked to a demo account only while the demo suggestions are moved
  // on, then released, so that `/as delegate` can take it.
  await prisma.delegate.update({ where: { id: d.id }, data: { userId: delegateUser.id } });
  const items: { text: string; category: string; anonymous: boolean; daysAgo: number; then: (id: number) => Promise<void> }[] = [
    {
      text: "县道X012青禾镇到东村一段路面坑洼很多，雨天积水，电动车经常摔倒，建议尽快修补并加装路灯。",
      category: "traffic",
      anonymous: false,
      daysAgo: 40,
      then: async (id) => {
        clock.advance(DAY);
        await svc.act({ userId: delegateUser.id, as: "DELEGATE" }, id, { type: "RAISE_FORMAL" });
        clock.advance(2 * DAY);
        await svc.act({ userId: staff.id, as: "STAFF" }, id, { type: "ASSIGN", departmentId: department!.id, complex: false });
      },
    },
    {
      text: "东村小学门口早晚上下学时车辆很多，没有斑马线和减速带，孩子过马路很危险，希望设置交通安全设施。",
      category: "traffic",
      anonymous: true,
      daysAgo: 30,
      then: async (id) => {
        clock.advance(DAY);
        await svc.act({ userId: delegateUser.id, as: "DELEGATE" }, id, { type: "REPLY", text: "已与县交通运输局联系，斑马线和减速带列入本月施工计划，月底前完成。" });
        clock.advance(3 * DAY);
        const s = await prisma.suggestion.findUniqueOrThrow({ where: { id } });
        await svc.act({ userId: s.authorId!, as: "AUTHOR" }, id, { type: "RATE", rating: "SATISFIED" });
      },
    },
    {
      text: "青禾镇卫生院周末只有一名医生值班，看病要排很久的队，建议周末增加值班医生或开设预约挂号。",
      category: "health",
      anonymous: false,
      daysAgo: 10,
      then: async (id) => {
        clock.advance(DAY);
        await svc.act({ userId: delegateUser.id, as: "DELEGATE" }, id, { type: "ACKNOWLEDGE" });
      },
    },
    {
      text: "村里独居老人越来越多，建议在村委会设立老年食堂或助餐点，解决老人吃饭难的问题。",
      category: "welfare",
      anonymous: true,
      daysAgo: 3,
      then: async () => {},
    },
    {
      text: "东村垃圾收集点离住户太近，夏天气味很大，建议挪到村口空地并增加清运次数。",
      category: "environment",
      anonymous: false,
      daysAgo: 1,
      then: async () => {},
    },
  ];
  let n = 0;
  try {
    for (const [i, item] of items.entries()) {
      clock.set(new Date(now.getTime() - item.daysAgo * DAY));
      const author = await prisma.user.upsert({
        where: { telegramId: BigInt(9_100_000_001 + i) },
        create: { telegramId: BigInt(9_100_000_001 + i), firstName: ["李示例", "赵示例", "孙示例", "钱示例", "周示例"][i] ?? "示例", constituencyId: d.constituencyId },
        update: {},
      });
      const r = await svc.submit({
        userId: author.id,
        idempotencyKey: `demo-${i}`,
        kind: "SUGGESTION",
        categoryId: categories.get(item.category) ?? null,
        delegateIds: [d.id],
        text: item.text,
        photos: [],
        location: null,
        anonymous: item.anonymous,
        locale: "zh-CN",
      });
      if (!r.ok) throw new Error(`demo suggestion ${i}: ${r.error}`);
      await item.then(r.id);
      n++;
    }
  } finally {
    await prisma.delegate.update({ where: { id: d.id }, data: { userId: null } });
    // The demo's own notices were never meant for anyone.
    await prisma.suggestionNotice.updateMany({ where: { sentAt: null }, data: { cancelledAt: now } });
  }
  return n;
}
