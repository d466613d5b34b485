// Telegram unreachable or hanging (issue "Platform, part 2" §1): start-up gives up within
// TELEGRAM_START_TIMEOUT_SECONDS with one line naming the API root; a SIGTERM while Telegram hangs
// ends within STOP_GRACE_SECONDS, still writes the conversation log, and exits 0.
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalBotApi } from "../../src/bot/local/api.js";
import { UpdateBuilder } from "../../src/bot/local/updates.js";
import type { Database } from "../../src/db/database.js";
import { childDatabase, E2E_TOKEN, freePort, serveBotApi, start } from "../support/process.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "voterlink-down-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("start-up with Telegram unreachable", () => {
  it.each(["polling", "webhook"])("%s mode: nothing listening at the API root → exit 1 with one line naming it", async (mode) => {
    const port = await freePort(); // closed: connections are refused
    const root = `http://127.0.0.1:${port}`;
    const run = await start({
      BOT_TOKEN: E2E_TOKEN,
      BOT_MODE: mode,
      WEBHOOK_SECRET: "down-secret-0123456789",
      WEBHOOK_PORT: String(await freePort()),
      TELEGRAM_API_ROOT: root,
      TELEGRAM_START_TIMEOUT_SECONDS: "3",
      PGLITE_DIR: path.join(dir, `refused-${mode}`),
    }).done;
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines.at(-1)).toMatch(new RegExp(`^voterlink failed to start: Telegram Bot API at ${root} unreachable \\(getMe\\): `));
  }, 60_000);

  it("an API root that takes the connection and never answers → exit 1 after the start timeout", async () => {
    const silent = createServer(() => {}); // accepts, never responds
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const root = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const run = await start({
        BOT_TOKEN: E2E_TOKEN,
        TELEGRAM_API_ROOT: root,
        TELEGRAM_START_TIMEOUT_SECONDS: "2",
        PGLITE_DIR: path.join(dir, "silent"),
      }).done;
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split("\n").at(-1)).toBe(`voterlink failed to start: Telegram Bot API at ${root} unreachable (getMe): no answer within 2 s`);
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  }, 60_000);
});

describe("stopping while Telegram hangs", () => {
  const api = new LocalBotApi();
  const updates = new UpdateBuilder(api);
  let server: Server;
  let hangReplies = false;
  const hung: string[] = [];

  beforeAll(async () => {
    server = await serveBotApi(api, {
      hang: (method) => {
        if (hangReplies && method === "sendMessage") return (hung.push(method), true);
        return false;
      },
    });
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  });

  it("SIGTERM with a reply stuck on Telegram: exits 0 within the grace period, and the update and the failed reply are in the log", async () => {
    const db = await childDatabase(dir);
    const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { child, done } = start({
      BOT_TOKEN: E2E_TOKEN,
      TELEGRAM_API_ROOT: root,
      STOP_GRACE_SECONDS: "1",
      TELEGRAM_CALL_TIMEOUT_SECONDS: "120",
      ...db.env,
    });
    let check: Database | undefined;
    try {
      const person = { id: 51_515, first_name: "Stuck", language_code: "en" };
      // First prove the bot is up, then make Telegram hang on the next reply.
      api.enqueue(updates.message(person, "/help"));
      for (let i = 0; i < 600 && api.messagesTo(person.id).length < 1; i++) await new Promise((r) => setTimeout(r, 50));
      expect(api.messagesTo(person.id)).toHaveLength(1);
      hangReplies = true;
      api.enqueue(updates.message(person, "/start"));
      for (let i = 0; i < 600 && hung.length < 1; i++) await new Promise((r) => setTimeout(r, 50));
      expect(hung).toEqual(["sendMessage"]);
      child.kill("SIGTERM");
      const run = await done;
      expect(run.code).toBe(0);
      expect(run.stderr).toContain("updates still in flight after the grace period");
      check = await db.open();
      const rows = await check.prisma.conversationLog.findMany({ where: { chatId: 51_515n }, orderBy: { id: "asc" } });
      const summary = rows.map((r) => `${r.direction}:${r.kind}:${r.outcome ?? ""}`).sort();
      expect(summary).toEqual(["IN:message:text:", "IN:message:text:", "OUT:sendMessage:network", "OUT:sendMessage:ok"]);
    } finally {
      child.kill("SIGKILL");
      await check?.close();
      await db.drop();
    }
  }, 90_000);
});
