import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.js";

const TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz0123";

describe("loadConfig", () => {
  it("with nothing set runs console mode on PGlite in ./data, in zh-CN", () => {
    const c = loadConfig({});
    expect(c.BOT_MODE).toBe("console");
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.PGLITE_DIR).toBe("./data/demo");
    expect(c.DEFAULT_LOCALE).toBe("zh-CN");
  });

  it("a token alone means polling, on ./data/pglite (never the demo database); empty values count as unset", () => {
    const c = loadConfig({ BOT_TOKEN: TOKEN, DATABASE_URL: "" });
    expect(c.BOT_MODE).toBe("polling");
    expect(c.PGLITE_DIR).toBe("./data/pglite");
    expect(loadConfig({ PGLITE_DIR: "/srv/db" }).PGLITE_DIR).toBe("/srv/db");
  });

  it("parses numbers and keeps the webhook settings", () => {
    const c = loadConfig({ BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_SECRET: "s3cret-s3cret-s3cret", WEBHOOK_PORT: "9000" });
    expect(c.WEBHOOK_PORT).toBe(9000);
    expect(c.WEBHOOK_PATH).toBe("/telegram");
  });

  it.each([
    [{ BOT_MODE: "polling" }, /^config error: BOT_TOKEN — expected a value \(required when BOT_MODE=polling\); it is missing$/],
    [{ BOT_TOKEN: "nonsense" }, /^config error: BOT_TOKEN — expected a token from @BotFather.*; got "nons…"$/],
    [{ BOT_TOKEN: TOKEN, BOT_MODE: "webhook" }, /^config error: WEBHOOK_SECRET — expected a value \(required when BOT_MODE=webhook\)/],
    [{ TIMEZONE: "Mars/Base" }, /^config error: TIMEZONE — expected an IANA time zone such as Asia\/Shanghai; got "Mars\/Base"$/],
    [{ TELEGRAM_API_ROOT: "ftp://api.local" }, /^config error: TELEGRAM_API_ROOT — expected an http\(s\) URL/],
    [{ BOT_MODE: "carrier-pigeon" }, /^config error: BOT_MODE — expected .*"console".*; got "carrier-pigeon"$/],
    [{ WEBHOOK_PORT: "70000" }, /^config error: WEBHOOK_PORT — expected .*65535.*; got "70000"$/],
    [{ DATABASE_URL: "mysql://x@y/z" }, /^config error: DATABASE_URL — expected a postgres:\/\/ connection URL/],
    [{ DEFAULT_LOCALE: "fr" }, /^config error: DEFAULT_LOCALE — expected .*"zh-CN".*; got "fr"$/],
    [{ TELEGRAM_API_ROOT: "not a url" }, /^config error: TELEGRAM_API_ROOT — expected an http\(s\) URL/],
  ])("%j stops start-up with one line naming the key", (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as Error).message;
    expect(text.split("\n")).toHaveLength(1);
    expect(text).toMatch(message);
  });

  it("never prints a whole secret", () => {
    expect(() => loadConfig({ BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_SECRET: "short!" })).toThrow(/got "shor…"$/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://admin:hunter2@db/x" })).toThrow(/got "mysql:\/\/admin:\*\*\*@db\/x"$/);
    expect(() => loadConfig({ BOT_TOKEN: "999:definitely-not-valid" })).toThrow(/got "999:…"/);
  });
});

describe(".env.example", () => {
  it("lists every key the config reads, and nothing else", async () => {
    const { readFileSync } = await import("node:fs");
    const example = [...readFileSync(".env.example", "utf8").matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]).sort();
    const read = [...readFileSync("src/config/config.ts", "utf8").matchAll(/^ {4}([A-Z_]+):/gm)].map((m) => m[1]).sort();
    expect(example).toEqual(read);
  });

  it("every value in it is accepted as it stands", async () => {
    const { parseEnv } = await import("node:util");
    const { readFileSync } = await import("node:fs");
    expect(() => loadConfig(parseEnv(readFileSync(".env.example", "utf8")))).not.toThrow();
  });
});

describe("the mode decides what is required", () => {
  it("polling and webhook configs carry their token (and webhook its secret) as values", () => {
    const polling = loadConfig({ BOT_TOKEN: TOKEN });
    expect(polling.BOT_MODE === "polling" && polling.BOT_TOKEN).toBe(TOKEN);
    const webhook = loadConfig({ BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_SECRET: "s3cret-s3cret-s3cret" });
    expect(webhook.BOT_MODE === "webhook" && webhook.WEBHOOK_SECRET).toBe("s3cret-s3cret-s3cret");
  });
});
