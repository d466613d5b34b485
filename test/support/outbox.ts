// The outbox's sender on a bot harness, with the harness's fake Telegram and a fixed clock that
// the sender's pauses move forward (no real waiting).
import pino from "pino";
import { createOutboxTransport } from "../../src/bot/outbox-transport.js";
import { OutboxSender } from "../../src/jobs/outbox-sender.js";
import type { fixedClock } from "../../src/services/clock.js";
import { TEST_TOKEN, type BotHarness } from "./bot.js";

export function outboxSender(h: BotHarness, clock: ReturnType<typeof fixedClock>): OutboxSender {
  return new OutboxSender(h.services.outbox, createOutboxTransport(h.config, h.services, { token: TEST_TOKEN, fetch: h.api.fetch }), {
    id: "test",
    clock,
    logger: pino({ level: "silent" }),
    sleep: async (ms) => clock.advance(ms),
    batchSize: 10,
  });
}
