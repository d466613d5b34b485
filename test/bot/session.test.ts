// ctx.session (bot/middleware/session.ts): grammY's lazy-session contract, with the private
// chat's session taken from the user look-up and written back only when it changed.
import { describe, expect, it } from "vitest";
import type { BotContext, SessionData } from "../../src/bot/context.js";
import { chatSession, type SessionStore } from "../../src/bot/middleware/session.js";

function store(rows: Record<string, string> = {}) {
  const calls: string[] = [];
  const s: SessionStore = {
    read: async (key) => (calls.push(`read ${key}`), rows[key] ?? null),
    write: async (key, json) => void calls.push(`write ${key} ${json}`),
    delete: async (key) => void calls.push(`delete ${key}`),
  };
  return { s, calls };
}

async function run(st: SessionStore, ctx: Partial<BotContext>, handler: (ctx: BotContext) => unknown) {
  const c = ctx as BotContext;
  await chatSession(st)(c, async () => void (await handler(c)));
}

describe("ctx.session", () => {
  it("a private chat's session read with the user is there without a promise, and not written back unchanged", async () => {
    const { s, calls } = store();
    let seen: unknown;
    await run(s, { chatId: 7, storedSession: { key: "7", json: '{"voterStep":{"flow":"x"}}' } }, (ctx) => (seen = ctx.session));
    expect(seen).toEqual({ voterStep: { flow: "x" } });
    expect(calls).toEqual([]);
  });

  it("a change is written back once, as JSON", async () => {
    const { s, calls } = store();
    await run(s, { chatId: 7, storedSession: { key: "7", json: null } }, (ctx) => {
      (ctx.session as SessionData).myDataDeleteToken = "t";
    });
    expect(calls).toEqual(['write 7 {"myDataDeleteToken":"t"}']);
  });

  it("an empty session never stored is not stored; an untouched one costs nothing", async () => {
    const { s, calls } = store();
    await run(s, { chatId: 7, storedSession: { key: "7", json: null } }, (ctx) => ctx.session);
    await run(s, { chatId: 8 }, () => undefined);
    expect(calls).toEqual([]);
  });

  it("elsewhere (a group) it is read on first use, once, then known without a promise", async () => {
    const { s, calls } = store({ "-100": '{"toldPrivateOnly":true}' });
    await run(s, { chatId: -100 }, async (ctx) => {
      const first = ctx.session;
      expect(first).toBeInstanceOf(Promise);
      expect(await first).toEqual({ toldPrivateOnly: true });
      expect(ctx.session).toEqual({ toldPrivateOnly: true });
    });
    expect(calls).toEqual(["read -100"]);
  });

  it("the session read with the user is for that chat only", async () => {
    const { s, calls } = store();
    await run(s, { chatId: -100, storedSession: { key: "7", json: '{"toldPrivateOnly":true}' } }, async (ctx) => expect(await ctx.session).toEqual({}));
    expect(calls).toEqual(["read -100"]);
  });

  it("assigning null removes a stored session; assigning a value without reading writes it", async () => {
    const { s, calls } = store();
    await run(s, { chatId: 7, storedSession: { key: "7", json: '{"toldPrivateOnly":true}' } }, (ctx) => {
      ctx.session = null as unknown as SessionData;
    });
    await run(s, { chatId: 9 }, (ctx) => {
      ctx.session = {};
    });
    expect(calls).toEqual(["delete 7", "write 9 {}"]);
  });

  it("nothing is written back when a handler throws", async () => {
    const { s, calls } = store();
    const failing = run(s, { chatId: 7, storedSession: { key: "7", json: null } }, (ctx) => {
      (ctx.session as SessionData).myDataDeleteToken = "t";
      throw new Error("boom");
    });
    await expect(failing).rejects.toThrow("boom");
    expect(calls).toEqual([]);
  });

  it("an update without a chat has no session: looking says so", async () => {
    const { s } = store();
    await expect(run(s, {}, (ctx) => ctx.session)).rejects.toThrow("no chat");
  });
});
