// The real entry point (src/main.ts) as a child process, the way a user or an operator runs it:
// console mode on a fresh data directory, and polling mode against a local Bot API server given
// by TELEGRAM_API_ROOT, stopped with SIGTERM.
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalBotApi } from "../../src/bot/local/api.js";
import { UpdateBuilder } from "../../src/bot/local/updates.js";
import type { Database } from "../../src/db/database.js";
import { childDatabase, E2E_TOKEN as TOKEN, freePort, serveBotApi, start } from "../support/process.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "voterlink-e2e-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("npm start with nothing configured (console mode)", () => {
  it("loads the demo county into a fresh data directory and chats; a number presses a button", async () => {
    const { done } = start({ PGLITE_DIR: path.join(dir, "console") }, "5\n/quit\n");
    const run = await done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("首次运行：正在把示例县的演示数据载入内置数据库");
    expect(run.stdout).toContain("voterlink — 控制台演示");
    expect(run.stdout).toContain("我为示例县的选民、人大代表和选举工作人员服务。");
    expect(run.stdout).toContain("🤖 (updated) 📍 示例县");
    expect(run.stderr).toBe("");
  }, 90_000);

  it("a bad setting stops start-up with one line naming it", async () => {
    const run = await start({ WEBHOOK_PORT: "99999" }).done;
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('config error: WEBHOOK_PORT — expected number to be <=65535; got "99999"');
  }, 30_000);
});

describe("polling mode against TELEGRAM_API_ROOT", () => {
  let server: Server;
  const api = new LocalBotApi();
  const updates = new UpdateBuilder(api);

  beforeAll(async () => {
    server = await serveBotApi(api);
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it("answers through the given API root, and SIGTERM finishes, writes the log and exits 0", async () => {
    const db = await childDatabase(dir);
    const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { child, done } = start({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: root, ...db.env });
    let check: Database | undefined;
    try {
      const person = { id: 31_337, first_name: "Op", language_code: "en" };
      api.enqueue(updates.message(person, "/help"));
      api.enqueue(updates.message(person, "/start"));
      for (let i = 0; i < 600 && api.messagesTo(person.id).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      expect(api.messagesTo(person.id).map((m) => m.text)).toEqual([
        expect.stringContaining("What I can do for you"),
        expect.stringContaining("The county's election data has not been imported yet"),
      ]);
      // The "/" menu was published at start-up, per language.
      expect(api.calls.filter((c) => c.method === "setMyCommands").map((c) => c.payload.language_code)).toEqual([undefined, "zh", "en"]);
      child.kill("SIGTERM");
      const run = await done;
      expect(run.code).toBe(0);
      check = await db.open();
      const rows = await check.prisma.conversationLog.findMany({ where: { chatId: 31_337n }, orderBy: { id: "asc" } });
      expect(rows.map((r) => `${r.direction}:${r.feature}`).sort()).toEqual(["IN:help", "IN:menu", "OUT:help", "OUT:menu"]);
    } finally {
      child.kill("SIGKILL");
      await check?.close();
      await db.drop();
    }
  }, 90_000);

  it("webhook mode: registers the webhook, takes updates with the secret only, serves /healthz, stops on SIGTERM", async () => {
    const db = await childDatabase(dir);
    const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const port = await freePort();
    const secret = "e2e-secret-0123456789";
    const { child, done } = start({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: root,
      BOT_MODE: "webhook",
      WEBHOOK_HOST: "127.0.0.1",
      WEBHOOK_PORT: String(port),
      WEBHOOK_SECRET: secret,
      WEBHOOK_URL: "https://bot.example.invalid/telegram",
      ...db.env,
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      const pause = () => new Promise<undefined>((r) => setTimeout(() => r(undefined), 50));
      let health: Response | undefined;
      for (let i = 0; i < 600 && !health; i++) health = await fetch(`${base}/healthz`).catch(pause);
      expect(health?.status).toBe(200);
      expect(api.calls.find((c) => c.method === "setWebhook")?.payload).toMatchObject({
        url: "https://bot.example.invalid/telegram",
        secret_token: secret,
      });
      const person = { id: 41_337, first_name: "Hook", language_code: "en" };
      const post = (headers: Record<string, string>) =>
        fetch(`${base}/telegram`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(updates.message(person, "/help")) });
      expect((await post({})).status).toBe(403);
      expect((await post({ "x-telegram-bot-api-secret-token": secret })).status).toBe(200);
      expect(api.messagesTo(person.id).map((m) => m.text)).toEqual([expect.stringContaining("What I can do for you")]);
      child.kill("SIGTERM");
      expect((await done).code).toBe(0);
    } finally {
      child.kill("SIGKILL");
      await db.drop();
    }
  }, 90_000);
});
