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
  server = createWebhookServer({
    bot: h.bot,
    prisma: h.db.prisma,
    metrics: h.metrics,
    logger: pino({ level: "silent" }),
    path: "/telegram",
    secret: SECRET,
  });
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

  it("/metrics counts handled updates, outbound calls and refused secrets", async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/voterlink_updates_handled_total\{type="message"\} [1-9]/);
    expect(text).toMatch(/voterlink_api_calls_total\{method="sendMessage",result="ok"\} [1-9]/);
    expect(text).toMatch(/voterlink_errors_total\{where="webhook_secret"\} 3/);
    expect(text).toContain("voterlink_handler_seconds_bucket");
  });

  it("unknown paths are 404", async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
