// The operators' server: /metrics and /healthz on a port of their own, loopback by default,
// behind a bearer token when METRICS_TOKEN is set.
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { createMetricsServer } from "../../src/server/metrics-server.js";
import { createBotHarness, TEST_TOKEN, type BotHarness } from "../support/bot.js";

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness();
});
afterAll(() => h?.close());

async function serve(env: Record<string, string>) {
  const config = loadConfig({ BOT_TOKEN: TEST_TOKEN, ...env });
  const server = createMetricsServer({ ...h.app, config, logger: pino({ level: "silent" }) });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

describe("metrics server", () => {
  it("binds to 127.0.0.1 by default", () => {
    expect(loadConfig({}).METRICS_HOST).toBe("127.0.0.1");
  });

  it("serves /metrics and /healthz without a token when none is configured", async () => {
    const s = await serve({});
    try {
      await h.person({ id: 77_001, first_name: "M", language_code: "en" }).send("/help");
      expect(await (await fetch(`${s.base}/metrics`)).text()).toMatch(/voterlink_updates_handled_total\{type="message"\} [1-9]/);
      expect(await (await fetch(`${s.base}/healthz`)).json()).toEqual({ status: "ok", database: "ok" });
    } finally {
      await s.close();
    }
  });

  it("with METRICS_TOKEN, answers 401 without the bearer token and serves with it", async () => {
    const token = "metrics-token-0123456789";
    const s = await serve({ METRICS_TOKEN: token });
    try {
      expect((await fetch(`${s.base}/metrics`)).status).toBe(401);
      expect((await fetch(`${s.base}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
      const ok = await fetch(`${s.base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("voterlink_api_calls_total");
    } finally {
      await s.close();
    }
  });
});
