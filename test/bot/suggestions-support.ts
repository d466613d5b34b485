// Helpers for the suggestion journeys: people with roles and links, photo updates, the job.
import pino from "pino";
import type { Update } from "grammy/types";
import { createNoticeSender, isPermanentSendError } from "../../src/bot/suggestion-notices.js";
import { runSuggestionFollowups } from "../../src/jobs/suggestion-followups.js";
import type { BotHarness } from "../support/bot.js";

export type Who = ReturnType<BotHarness["person"]>;

export async function userIdOf(h: BotHarness, telegramId: number): Promise<number> {
  return (await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(telegramId) } })).id;
}

/** A voter linked to the constituency of the first demo delegate (as /link will do). */
export async function voter(h: BotHarness, id: number, language_code = "zh-hans", first_name = "测试选民", constituencyId?: number): Promise<Who> {
  const p = h.person({ id, first_name, language_code, username: `voter${id}` });
  await p.send("/start");
  const c = constituencyId ?? (await firstDelegate(h)).constituencyId!;
  await h.db.prisma.user.update({ where: { telegramId: BigInt(id) }, data: { constituencyId: c } });
  return p;
}

export async function firstDelegate(h: BotHarness, index = 0) {
  return (await h.db.prisma.delegate.findMany({ orderBy: { id: "asc" } }))[index]!;
}

/** A delegate account linked to the demo delegate record `index` (ordered by id). */
export async function delegate(h: BotHarness, id: number, index = 0, language_code = "zh-hans"): Promise<Who & { delegateId: number }> {
  const p = h.person({ id, first_name: "代表账号", language_code });
  await p.send("/start");
  const userId = await userIdOf(h, id);
  await h.services.users.setRole(userId, "DELEGATE");
  const d = await firstDelegate(h, index);
  await h.db.prisma.delegate.update({ where: { id: d.id }, data: { userId } });
  return Object.assign(p, { delegateId: d.id });
}

export async function staff(h: BotHarness, id: number, role: "STAFF" | "ADMIN" = "STAFF", language_code = "zh-hans"): Promise<Who> {
  const p = h.person({ id, first_name: "工作人员", language_code });
  await p.send("/start");
  await h.services.users.setRole(await userIdOf(h, id), role);
  return p;
}

let updateId = 900_000;
/** A photo message with Telegram's sizes (the largest last), as a phone sends it. */
export async function sendPhoto(h: BotHarness, who: Who, fileId: string, fileSize: number): Promise<void> {
  const update = {
    update_id: updateId++,
    message: {
      message_id: h.api.nextMessageId(who.who.id),
      date: Math.floor(Date.now() / 1000),
      chat: { id: who.who.id, type: "private", first_name: who.who.first_name },
      from: { ...who.who, is_bot: false },
      photo: [
        { file_id: `${fileId}-s`, file_unique_id: `${fileId}-us`, width: 90, height: 90, file_size: 2000 },
        { file_id: fileId, file_unique_id: `${fileId}-u`, width: 1280, height: 960, file_size: fileSize },
      ],
    },
  } as unknown as Update;
  await h.bot.handleUpdate(update);
}

export async function sendLocation(h: BotHarness, who: Who, latitude: number, longitude: number): Promise<void> {
  await h.bot.handleUpdate(h.updates.location(who.who, latitude, longitude));
}

/** One run of the follow-up job, sending through the harness's Bot API. */
export function runJob(h: BotHarness) {
  return runSuggestionFollowups(h.services, { send: createNoticeSender(h.bot.api), isPermanent: isPermanentSendError }, pino({ level: "silent" }));
}

/** Goes through /suggest up to the preview; returns nothing, the preview is the last message. */
export async function compose(
  p: Who,
  opts: { text: string; kind?: string; category?: string; anonymous?: boolean; labels?: Partial<Record<"skip" | "next" | "named" | "anon", string>> },
): Promise<void> {
  const l = { skip: "跳过", next: "下一步", named: "显示我的姓名", anon: "匿名", ...opts.labels };
  await p.send("/suggest");
  await p.tap(opts.kind ?? "建议");
  if (p.buttons().some((b) => b.includes(opts.category ?? "道路交通"))) await p.tap(opts.category ?? "道路交通");
  if (p.buttons().some((b) => b.includes(l.next))) await p.tap(l.next);
  await p.send(opts.text);
  await p.tap(l.skip); // photos
  await p.tap(l.skip); // location
  await p.tap(opts.anonymous ? l.anon : l.named);
}

/** A suggestion filed in the demo constituency `code` by a new voter and raised by its delegate (staff are told). */
let raisedCount = 0;
export async function raisedIn(h: BotHarness, code: string, text: string): Promise<{ id: number; trackingNo: string; authorId: number; delegate: string }> {
  const n = ++raisedCount;
  const d = await h.db.prisma.delegate.findFirstOrThrow({ where: { constituency: { code } }, orderBy: { id: "asc" } });
  let delegateUserId = d.userId;
  if (delegateUserId === null) {
    const u = await h.db.prisma.user.create({ data: { telegramId: BigInt(8_700_000 + n), firstName: "代表", role: "DELEGATE" } });
    await h.db.prisma.delegate.update({ where: { id: d.id }, data: { userId: u.id } });
    delegateUserId = u.id;
  }
  const author = await h.db.prisma.user.create({ data: { telegramId: BigInt(8_600_000 + n), firstName: "选民", constituencyId: d.constituencyId } });
  const r = await h.services.suggestions.submit({
    userId: author.id, idempotencyKey: `raised-${n}`, kind: "SUGGESTION", categoryId: null, delegateIds: [d.id], text, photos: [], location: null, anonymous: false, locale: "zh-CN",
  });
  if (!r.ok) throw new Error(`file: ${r.error}`);
  const a = await h.services.suggestions.act({ userId: delegateUserId, as: "DELEGATE" }, r.id, { type: "RAISE_FORMAL", note: `请${code}选区尽快办理` });
  if (!a.ok) throw new Error(`raise: ${a.error}`);
  return { id: r.id, trackingNo: r.trackingNo, authorId: author.id, delegate: d.fullName };
}
