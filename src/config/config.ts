// All configuration, parsed once from the environment with zod. A bad value stops start-up
// with one line naming the key and what it expects (see .env.example for every key).
import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const LOCALES = ["zh-CN", "en", "zh-TW"] as const;

const schema = z
  .object({
    BOT_TOKEN: z
      .string()
      .regex(/^\d+:[\w-]{30,}$/, "a token from @BotFather, like 123456:ABC-DEF…")
      .optional(),
    BOT_MODE: z.enum(["console", "polling", "webhook"]).optional(),
    TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/, message: "an http(s) URL of a Bot API server" }).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "a postgres:// connection URL (unset = embedded PGlite)")
      .optional(),
    // Default: ./data/demo in console mode (demo data), ./data/pglite otherwise — so the demo
    // county never ends up in the database a real bot serves voters from.
    PGLITE_DIR: z.string().min(1).optional(),
    WEBHOOK_HOST: z.string().default("0.0.0.0"),
    WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    WEBHOOK_PATH: z.string().startsWith("/", "a path starting with /").default("/telegram"),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "16–256 characters of A-Z a-z 0-9 _ -")
      .optional(),
    WEBHOOK_URL: z.url("the public https URL Telegram should call").optional(),
    DEFAULT_LOCALE: z.enum(LOCALES).default("zh-CN"),
    TIMEZONE: z
      .string()
      .refine(isTimeZone, "an IANA time zone such as Asia/Shanghai")
      .default("Asia/Shanghai"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    CONVERSATION_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
    CONVERSATION_LOG_FLUSH_MS: z.coerce.number().int().min(10).max(60_000).default(500),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    API_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
    SEED_DEMO: bool.optional(),
  })
  .transform((c) => {
    const BOT_MODE = c.BOT_MODE ?? (c.BOT_TOKEN ? "polling" : "console");
    return { ...c, BOT_MODE, PGLITE_DIR: c.PGLITE_DIR ?? (BOT_MODE === "console" ? "./data/demo" : "./data/pglite") };
  })
  .superRefine((c, ctx) => {
    if (c.BOT_MODE !== "console" && !c.BOT_TOKEN)
      ctx.addIssue({ code: "custom", path: ["BOT_TOKEN"], message: `a value (required when BOT_MODE=${c.BOT_MODE})` });
    if (c.BOT_MODE === "webhook" && !c.WEBHOOK_SECRET)
      ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "a value (required when BOT_MODE=webhook)" });
  });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type Config = z.infer<typeof schema>;
export type Locale = (typeof LOCALES)[number];
export const SUPPORTED_LOCALES: readonly Locale[] = LOCALES;

export class ConfigError extends Error {}

/** Parses env; throws ConfigError whose message is one line per bad key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings (KEY= in a .env file) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const key = i.path.join(".") || "config";
    const got = typeof i.path[0] === "string" ? cleaned[i.path[0]] : undefined;
    const shown = got === undefined ? "it is missing" : `got "${redact(i.path[0] as string, got)}"`;
    // zod says "Invalid option: expected one of …" / "Too big: expected number to be <=65535".
    const expected = i.message.replace(/^[A-Z][a-z ]+: /, "").replace(/^expected /, "");
    return `config error: ${key} — expected ${expected}; ${shown}`;
  });
  throw new ConfigError(lines.join("\n"));
}

// Errors end up in logs: never print a whole token/secret or a password inside a URL.
function redact(key: string, value: string): string {
  if (/TOKEN|SECRET/.test(key)) return `${value.slice(0, 4)}…`;
  return value.replace(/\/\/([^:/@]+):[^@/]*@/, "//$1:***@");
}
