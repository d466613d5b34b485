// Webhook mode over real HTTP on a loopback port: secret check, update handling, health, metrics.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookServer } from "../../src/server/webhook.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

const SECRET = "test-secret-0123456789";
let h: BotHarness;
let server: Server;
let base: string;

beforeAll(async () => {
  h = await createBotHarness({ env: { BOT_MODE: "webhook", WEBHOOK_SECRET: SECRET } });
  server = createWebhookServer({ app: { ...h.app, logger: pino({ level: "silent" }) }, path: "/telegram", secret: SECRET, maxBodyBytes: 1_000_000 });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await h?.close();
});

const person = { id: 4242, first_name: "Web", language_code: "en" };
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/telegram`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("webhook server", () => {
  it.each([
    ["no secret header", {}],
    ["a wrong secret", { "x-telegram-bot-api-secret-token": "wrong-secret-0123456789" }],
    ["a secret of another length", { "x-telegram-bot-api-secret-token": "x" }],
  ])("refuses an update with %s (403) and does not handle it", async (_label, headers) => {
    const before = h.api.calls.length;
    const res = await post(h.updates.message(person, "/help"), headers);
    expect(res.status).toBe(403);
    expect(h.api.calls.length).toBe(before);
  });

  it("handles an update with the right secret and replies through the Bot API", async () => {
    const res = await post(h.updates.message(person, "/help"), { "x-telegram-bot-api-secret-token": SECRET });
    expect(res.status).toBe(200);
    expect(h.api.messagesTo(person.id).at(-1)?.text).toContain("What I can do for you");
  });

  it("/healthz says the database answers", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("/metrics is not served on the public webhook port", async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
  });

  it("the operators' server counts handled updates, outbound calls and refused secrets", async () => {
    const text = await h.metrics.registry.metrics();
    expect(text).toMatch(/voterlink_updates_handled_total\{type="message"\} [1-9]/);
    expect(text).toMatch(/voterlink_api_calls_total\{method="sendMessage",result="ok"\} [1-9]/);
    expect(text).toMatch(/voterlink_errors_total\{where="webhook_secret"\} 3/);
    expect(text).toContain("voterlink_handler_seconds_bucket");
  });

  const raw = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
    fetch(`${base}/telegram`, { method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET, ...headers }, body });

  it.each([
    ["malformed JSON", "{not json"],
    ["null", "null"],
    ["an empty body", ""],
    ["an array", "[1,2]"],
    ["an object that is not an update", '{"hello":1}'],
    ["an update_id with no update", '{"update_id":5}'],
    ["an unknown update type", '{"update_id":5,"hello":{"x":1}}'],
    ["two update types at once", '{"update_id":5,"message":{},"callback_query":{}}'],
  ])("%s → 400, not handled, nothing in the metric labels", async (_label, body) => {
    const before = h.api.calls.length;
    const res = await raw(body);
    expect(res.status).toBe(400);
    expect(h.api.calls.length).toBe(before);
    const text = await h.metrics.registry.metrics();
    expect(text).not.toContain('type="hello"');
  });

  it("a body over the limit → 413 without reading it all, nothing stored", async () => {
    const small = createWebhookServer({ app: { ...h.app, logger: pino({ level: "silent" }) }, path: "/telegram", secret: SECRET, maxBodyBytes: 1024 });
    await new Promise<void>((r) => small.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(small.address() as AddressInfo).port}/telegram`;
      const huge = JSON.stringify(h.updates.message(person, "x".repeat(5_000_000)));
      const res = await fetch(url, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET }, body: huge });
      expect(res.status).toBe(413);
      // Without a declared length (chunked), the limit still holds while reading.
      const stream = new ReadableStream({
        start(c) {
          for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode("y".repeat(1000)));
          c.close();
        },
      });
      const chunked = await fetch(url, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET }, body: stream, duplex: "half" } as RequestInit);
      expect(chunked.status).toBe(413);
    } finally {
      small.closeAllConnections();
      await new Promise((r) => small.close(r));
    }
  });

  it("only Telegram's update types become metric labels; anything else would be 'other'", async () => {
    const text = await h.metrics.registry.metrics();
    const types = [...text.matchAll(/voterlink_updates_handled_total\{type="([^"]+)"\}/g)].map((m) => m[1]);
    expect(types.length).toBeGreaterThan(0);
    for (const t of types) expect(["message", "callback_query", "other"]).toContain(t);
  });

  it("unknown paths are 404", async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
