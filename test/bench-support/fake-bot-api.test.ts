import { afterEach, describe, expect, it } from "vitest";
import { Api, GrammyError, InputFile } from "grammy";
import { startFakeBotApi, type FakeBotApi, type FakeBotApiOptions } from "../../bench/support/fake-bot-api.js";

const TOKEN = "123456:TEST-token";

let clock = 0;
const servers: FakeBotApi[] = [];

async function start(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  clock = 0;
  const api = await startFakeBotApi({ now: () => clock, ...options });
  servers.push(api);
  return api;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface TgAnswer {
  ok: boolean;
  result?: Record<string, unknown>;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

async function call(api: FakeBotApi, method: string, payload: Record<string, unknown> = {}): Promise<{ status: number; body: TgAnswer }> {
  const res = await fetch(`${api.url}/bot${TOKEN}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: (await res.json()) as TgAnswer };
}

const send = (api: FakeBotApi, chatId: number | string, text = "明天是选举日") => call(api, "sendMessage", { chat_id: chatId, text });

/** Status of each send, in order (sequential, so the windows see them in this order). */
async function statuses(api: FakeBotApi, chatIds: readonly (number | string)[]): Promise<number[]> {
  const out: number[] = [];
  for (const id of chatIds) out.push((await send(api, id)).status);
  return out;
}

describe("fake Bot API", () => {
  it("answers getMe and refuses unknown methods and bad tokens like Telegram", async () => {
    const api = await start();
    const me = await call(api, "getMe");
    expect(me.status).toBe(200);
    expect(me.body.result).toMatchObject({ id: 123456, is_bot: true });
    expect(await call(api, "sendSticker", { chat_id: 1 })).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: "Not Found" },
    });
    const res = await fetch(`${api.url}/botnot-a-token/getMe`, { method: "POST" });
    expect(res.status).toBe(401);
    expect(new URL(api.url).hostname).toBe("127.0.0.1");
  });

  it("delivers a message and answers with a Message", async () => {
    clock = 1_800_000_000_000;
    const api = await startFakeBotApi({ now: () => 1_800_000_000_000 });
    servers.push(api);
    const answer = await send(api, 42, "你好");
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({
      message_id: 1,
      date: 1_800_000_000,
      chat: { id: 42, type: "private" },
      text: "你好",
    });
    expect(api.messages()).toEqual([{ method: "sendMessage", chatId: 42, messageId: 1, at: 1_800_000_000_000, text: "你好", paid: false }]);
  });

  it("enforces the global limit over a sliding 1-second window with Telegram's 429", async () => {
    const api = await start({ globalPerSecond: 3 });
    expect(await statuses(api, [1, 2, 3])).toEqual([200, 200, 200]);
    const refused = await send(api, 4);
    expect(refused).toEqual({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 1",
        parameters: { retry_after: 1 },
      },
    });
    clock = 999;
    expect(await statuses(api, [4])).toEqual([429]);
    clock = 1000; // the three deliveries at 0 leave the window
    expect(await statuses(api, [4, 5, 6, 7])).toEqual([200, 200, 200, 429]);
    // sliding, not fixed: one slot frees 1 s after each delivery
    clock = 1500;
    expect(await statuses(api, [7])).toEqual([429]);
    clock = 2000;
    expect(await statuses(api, [7])).toEqual([200]);
    const s = api.stats();
    expect(s.delivered).toBe(7);
    expect(s.answered).toMatchObject({ ok: 7, rateLimited: 4 });
    expect(s.maxInWindow).toBe(3);
  });

  it("enforces the per-chat limit", async () => {
    const api = await start({ globalPerSecond: 30, perChatPerSecond: 1 });
    expect(await statuses(api, [1, 2])).toEqual([200, 200]);
    clock = 500;
    const again = await send(api, 1);
    expect(again.status).toBe(429);
    expect(again.body.parameters).toEqual({ retry_after: 1 });
    expect(await statuses(api, [3])).toEqual([200]);
    clock = 1000;
    expect(await statuses(api, [1])).toEqual([200]);
    expect(api.stats().answered.rateLimited).toBe(1);
  });

  it("answers 403 for blocked chats and 400 for unknown ones, without using a slot", async () => {
    const api = await start({
      globalPerSecond: 2,
      blocked: new Set([10, 11]),
      notFound: (id) => typeof id === "number" && id >= 1000,
    });
    const blocked = await send(api, 10);
    expect(blocked).toEqual({
      status: 403,
      body: { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" },
    });
    const missing = await send(api, 1000);
    expect(missing).toEqual({ status: 400, body: { ok: false, error_code: 400, description: "Bad Request: chat not found" } });
    expect(await statuses(api, [11, 1001, 1, 2, 3])).toEqual([403, 400, 200, 200, 429]);
    const s = api.stats();
    expect(s.answered).toEqual({ ok: 2, rateLimited: 1, blocked: 2, notFound: 2, badRequest: 0, serverError: 0, other: 0 });
    expect(s.deliveredPerChat.has(10)).toBe(false);
  });

  it("counts deliveries per chat, so duplicates and losses show", async () => {
    const api = await start({ globalPerSecond: 30 });
    await statuses(api, [1, 2, 3]);
    clock = 1000;
    await statuses(api, [1, 3]);
    clock = 2000;
    await statuses(api, [1]);
    const s = api.stats();
    expect([...s.deliveredPerChat]).toEqual([[1, 3], [2, 1], [3, 2]]);
    expect(s.duplicates).toBe(3);
    expect(s.chatsReached).toBe(3);
    const expected = [1, 2, 3, 4];
    expect(expected.filter((id) => !s.deliveredPerChat.has(id))).toEqual([4]); // a loss
    // 6 deliveries between the first send (0) and the last delivery (2,000 ms)
    expect(s.achievedPerSecond).toBe(3);
  });

  it("treats a numeric string chat_id as the same chat, and reads form bodies", async () => {
    const api = await start();
    expect((await send(api, "7")).status).toBe(200);
    clock = 1000;
    const res = await fetch(`${api.url}/bot${TOKEN}/sendMessage`, {
      method: "POST",
      body: new URLSearchParams({ chat_id: "7", text: "form" }),
    });
    expect(res.status).toBe(200);
    expect(api.stats().deliveredPerChat.get(7)).toBe(2);
  });

  it.each([
    ["4,097 characters", { chat_id: 1, text: "x".repeat(4097) }, "Bad Request: message is too long"],
    ["no text", { chat_id: 1, text: "" }, "Bad Request: message text is empty"],
    ["no chat_id", { text: "hi" }, "Bad Request: chat_id is empty"],
  ])("refuses %s with 400", async (_label, payload, description) => {
    const api = await start();
    expect(await call(api, "sendMessage", payload)).toEqual({ status: 400, body: { ok: false, error_code: 400, description } });
    expect(api.stats().answered.badRequest).toBe(1);
    expect(api.stats().delivered).toBe(0);
  });

  it("accepts exactly 4,096 characters", async () => {
    const api = await start();
    expect((await send(api, 1, "选".repeat(4096))).status).toBe(200);
  });

  it("fails randomly, reproducibly for a seed, without delivering", async () => {
    const run = async (): Promise<number[]> => {
      const api = await start({ globalPerSecond: 1000, failRandomly: { rate: 0.5, seed: 7 } });
      return statuses(api, Array.from({ length: 40 }, (_, i) => i + 1));
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const failures = first.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
    expect(servers[0]!.stats()).toMatchObject({ delivered: 40 - failures, answered: { serverError: failures } });
  });

  it("raises the global limit for paid broadcasts", async () => {
    const api = await start({ globalPerSecond: 2, paidPerSecond: 4 });
    for (const id of [1, 2, 3, 4]) {
      expect((await call(api, "sendMessage", { chat_id: id, text: "paid", allow_paid_broadcast: true })).status).toBe(200);
    }
    expect((await call(api, "sendMessage", { chat_id: 5, text: "paid", allow_paid_broadcast: true })).status).toBe(429);
    expect(api.stats()).toMatchObject({ delivered: 4, paidDelivered: 4, maxInWindow: 4 });
  });

  it("bounds itself: requests beyond maxRequests get 503, bodies beyond maxBodyBytes 413", async () => {
    const api = await start({ maxRequests: 2, maxBodyBytes: 100 });
    expect((await send(api, 1, "y".repeat(200))).status).toBe(413);
    expect((await send(api, 2)).status).toBe(200);
    expect((await send(api, 3)).status).toBe(503);
    expect(api.stats().answered.other).toBe(2);
  });

  it("works with grammY's Api: JSON sends, multipart uploads and GrammyError on 429", async () => {
    const api = await start({ globalPerSecond: 2 });
    const tg = new Api(TOKEN, { apiRoot: api.url });
    expect((await tg.getMe()).id).toBe(123456);
    const sent = await tg.sendMessage(5, "选举日提醒");
    expect(sent.text).toBe("选举日提醒");
    const photo = await tg.sendPhoto(6, new InputFile(Buffer.from("png bytes"), "station.png"), { caption: "投票站" });
    expect(photo.caption).toBe("投票站");
    const error = await tg.sendDocument(7, new InputFile(Buffer.from("pdf"), "list.pdf")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    clock = 1000;
    const doc = await tg.sendDocument(7, new InputFile(Buffer.from("pdf"), "list.pdf"));
    expect(doc.document?.file_name).toBe("list.pdf");
    expect(api.messages().map((m) => [m.method, m.chatId, m.files ?? null])).toEqual([
      ["sendMessage", 5, null],
      ["sendPhoto", 6, ["station.png"]],
      ["sendDocument", 7, ["list.pdf"]],
    ]);
  });

  it("reads multipart bodies with quoted file names (fetch's FormData)", async () => {
    const api = await start();
    const form = new FormData();
    form.set("chat_id", "8");
    form.set("caption", "选民名单");
    form.set("document", new Blob([Buffer.from("pdf")]), "名单.pdf");
    const res = await fetch(`${api.url}/bot${TOKEN}/sendDocument`, { method: "POST", body: form });
    expect(res.status).toBe(200);
    expect(api.messages()).toMatchObject([{ method: "sendDocument", chatId: 8, caption: "选民名单", files: ["名单.pdf"] }]);
  });

  it("closes cleanly with keep-alive connections open, and close() can be called twice", async () => {
    const api = await start();
    await send(api, 1);
    await api.close();
    await api.close();
    await expect(send(api, 2)).rejects.toThrow();
  });
});
