// Process logs are outside retention and "delete my data": nothing personal may reach them.
import { Writable } from "node:stream";
import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/observability/logger.js";

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().trim().split("\n"));
      done();
    },
  });
  return { logger: createLogger("info", sink), lines };
}

describe("logger", () => {
  it("logs a Telegram error as method, code and description only: no chat id, no reply text", () => {
    const { logger, lines } = capture();
    const payload = { chat_id: 7_000_000_123, text: "张三，您的选民登记在第一选区" };
    const err = new GrammyError("Call to 'sendMessage' failed!", { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }, "sendMessage", payload);
    logger.error({ err }, "update failed");
    const out = lines.join("\n");
    expect(JSON.parse(lines[0]!).err).toEqual({ type: "GrammyError", method: "sendMessage", error_code: 403, description: "Forbidden: bot was blocked by the user" });
    expect(out).not.toContain("7000000123");
    expect(out).not.toContain("张三");
  });

  it("keeps a network error's message but nothing of the request", () => {
    const { logger, lines } = capture();
    logger.warn({ err: new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNREFUSED")) }, "x");
    expect(JSON.parse(lines[0]!).err).toEqual({ type: "HttpError", message: "Network request for 'sendMessage' failed!", cause: "ECONNREFUSED" });
  });

  it("redacts fields that may carry a person's words or details wherever they appear", () => {
    const { logger, lines } = capture();
    logger.info(
      { text: "我的身份证后四位是1234", ctx: { from: { first_name: "李四", phone_number: "13800000000" }, payload: { text: "x" } }, fullName: "王五", count: 3 },
      "something",
    );
    const out = lines.join("\n");
    for (const secret of ["1234", "李四", "13800000000", "王五"]) expect(out).not.toContain(secret);
    expect(JSON.parse(lines[0]!).count).toBe(3);
  });
});
