// Polling mode through the runner against the in-process Bot API: updates of several chats are
// fetched and answered, and stop() waits for the updates in flight. No sleeps: the test waits on
// the Bot API calls themselves (api.until) and on gates it opens by hand.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startPolling } from "../../src/server/polling.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness();
});
afterAll(() => h?.close());

describe("polling mode", () => {
  it("answers every chat, keeps each chat's order, and stops cleanly", async () => {
    const people = [1, 2, 3].map((n) => ({ id: 7700 + n, first_name: `P${n}`, language_code: "en" }));
    const polling = await startPolling(h.bot);
    for (const p of people) {
      h.api.enqueue(h.updates.message(p, "/help"));
      h.api.enqueue(h.updates.message(p, "/frobnicate"));
    }
    await h.api.until(() => people.every((p) => h.api.messagesTo(p.id).length === 2));
    await polling.stop();
    for (const p of people) {
      const texts = h.api.messagesTo(p.id).map((m) => m.text);
      expect(texts[0]).toContain("What I can do for you");
      expect(texts[1]).toContain("I don't know that command");
    }
    // stop() ended the long poll: nothing is waiting on Telegram any more.
    expect(h.api.openPolls).toBe(0);
  });

  it("stop() waits for an update still being handled, so its reply is sent and logged", async () => {
    const person = { id: 7801, first_name: "Late", language_code: "en" };
    let started!: () => void;
    const inHandler = new Promise<void>((r) => (started = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const real = h.services.areas.overview.bind(h.services.areas);
    const slow = vi.spyOn(h.services.areas, "overview").mockImplementation(async () => {
      started();
      await gate;
      return real();
    });
    try {
      const polling = await startPolling(h.bot);
      h.api.enqueue(h.updates.message(person, "/start"));
      await inHandler;
      let stopped = false;
      const stopping = polling.stop().then(() => (stopped = true));
      // The handler is still waiting on its gate: stop() must not have finished.
      await new Promise((r) => setImmediate(r));
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(h.api.messagesTo(person.id).map((m) => m.text)).toEqual([expect.stringContaining("Hello Late")]);
    } finally {
      slow.mockRestore();
    }
  });
});
