// Polling mode through the runner against the in-process Bot API: updates of several chats are
// fetched and answered, and stop() waits for the updates in flight.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startPolling } from "../../src/server/polling.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness();
});
afterAll(() => h?.close());

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe("polling mode", () => {
  it("answers every chat, keeps each chat's order, and stops cleanly", async () => {
    const people = [1, 2, 3].map((n) => ({ id: 7700 + n, first_name: `P${n}`, language_code: "en" }));
    const polling = await startPolling(h.bot);
    for (const p of people) {
      h.api.enqueue(h.updates.message(p, "/help"));
      h.api.enqueue(h.updates.message(p, "/frobnicate"));
    }
    await until(() => people.every((p) => h.api.messagesTo(p.id).length === 2), "two replies per chat");
    await polling.stop();
    for (const p of people) {
      const texts = h.api.messagesTo(p.id).map((m) => m.text);
      expect(texts[0]).toContain("What I can do for you");
      expect(texts[1]).toContain("I don't know that command");
    }
    // Nothing is fetched after stop().
    const polls = h.api.calls.filter((c) => c.method === "getUpdates").length;
    await new Promise((r) => setTimeout(r, 100));
    expect(h.api.calls.filter((c) => c.method === "getUpdates").length).toBe(polls);
  });

  it("stop() waits for an update still being handled, so its reply is sent and logged", async () => {
    const person = { id: 7801, first_name: "Late", language_code: "en" };
    let started!: () => void;
    const inHandler = new Promise<void>((r) => (started = r));
    const real = h.services.areas.overview.bind(h.services.areas);
    const slow = vi.spyOn(h.services.areas, "overview").mockImplementation(async () => {
      started();
      await new Promise((r) => setTimeout(r, 300));
      return real();
    });
    try {
      const polling = await startPolling(h.bot);
      h.api.enqueue(h.updates.message(person, "/start"));
      await inHandler;
      await polling.stop();
      expect(h.api.messagesTo(person.id).map((m) => m.text)).toEqual([expect.stringContaining("Hello Late")]);
    } finally {
      slow.mockRestore();
    }
  });
});
