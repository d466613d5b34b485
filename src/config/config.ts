// All configuration, parsed once from the environment with zod. A bad value stops start-up
// with one line naming the key and what it expects (see .env.example for every key).
// The result is a union on BOT_MODE, so polling/webhook code gets a token (and webhook code a
// secret) typed as present: no `!` at the use sites.
import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const LOCALES = ["zh-CN", "en", "zh-TW"] as const;

const schema = z
  .object({
    BOT_TOKEN: z
      .string()
      .regex(/^\d+:[\w-]{30,}$/, "a token from @BotFather, like 123456:ABC-DEF…")
      .optional(),
    BOT_MODE: z.enum(["console", "polling", "webhook"]).optional(),
    TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/, message: "an http(s) URL of a Bot API server" }).optional(),
    API_MAX_RETRIES: int(0, 10).default(3),
    // Start-up gives up on an unreachable Bot API after this long (getMe, deleteWebhook, setWebhook).
    TELEGRAM_START_TIMEOUT_SECONDS: int(1, 300).default(30),
    // One outbound call may take this long before it is abandoned (long polls excepted).
    TELEGRAM_CALL_TIMEOUT_SECONDS: int(1, 300).default(15),
    // SIGINT/SIGTERM: updates in flight get this long to finish; then the log is written and we exit.
    STOP_GRACE_SECONDS: int(1, 300).default(10),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "a postgres:// connection URL (unset = embedded PGlite)")
      .optional(),
    DATABASE_POOL_SIZE: int(1, 200).default(10),
    // Default: ./data/demo in console mode (demo data), ./data/pglite otherwise — so the demo
    // county never ends up in the database a real bot serves voters from.
    PGLITE_DIR: z.string().min(1).optional(),
    WEBHOOK_HOST: z.string().default("0.0.0.0"),
    WEBHOOK_PORT: int(1, 65535).default(8080),
    WEBHOOK_PATH: z.string().startsWith("/", "a path starting with /").default("/telegram"),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "16–256 characters of A-Z a-z 0-9 _ -")
      .optional(),
    WEBHOOK_URL: z.url("the public https URL Telegram should call").optional(),
    WEBHOOK_MAX_BODY_BYTES: int(1024, 50_000_000).default(1_000_000),
    // /metrics and /healthz for operators: their own port, on loopback unless said otherwise.
    METRICS_HOST: z.string().default("127.0.0.1"),
    METRICS_PORT: int(0, 65535).default(9464),
    METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
    DEFAULT_LOCALE: z.enum(LOCALES).default("zh-CN"),
    TIMEZONE: z
      .string()
      .refine(isTimeZone, "an IANA time zone such as Asia/Shanghai")
      .default("Asia/Shanghai"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    CONVERSATION_LOG_RETENTION_DAYS: int(1, 3650).default(365),
    CONVERSATION_LOG_FLUSH_MS: int(10, 60_000).default(500),
    SESSION_RETENTION_DAYS: int(1, 3650).default(90),
    RATE_LIMIT_MESSAGES_PER_MINUTE: int(1, 10_000).default(20),
    RATE_LIMIT_BUTTONS_PER_MINUTE: int(1, 10_000).default(90),
    INVITE_TTL_HOURS: int(1, 24 * 90).default(72),
    SEED_DEMO: bool.optional(),
    // Broadcasts and reminders (the outbox): messages per second over all instances together
    // (Telegram allows ~30; a little under keeps clear of its 429s), Telegram's paid broadcasts
    // (allow_paid_broadcast: 1,000/s, 0.1 Stars a message), attempts before a message is given up.
    BROADCAST_RATE_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(29),
    BROADCAST_PAID: bool.default(false),
    BROADCAST_MAX_ATTEMPTS: int(1, 50).default(5),
    // The sender loop and the reminder scheduler run in this process (turn off on instances that
    // should only answer updates).
    OUTBOX_ENABLED: bool.default(true),
  })
  .superRefine((c, ctx) => {
    const mode = c.BOT_MODE ?? (c.BOT_TOKEN ? "polling" : "console");
    if (mode !== "console" && !c.BOT_TOKEN)
      ctx.addIssue({ code: "custom", path: ["BOT_TOKEN"], message: `a value (required when BOT_MODE=${mode})` });
    if (mode === "webhook" && !c.WEBHOOK_SECRET)
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

type Parsed = z.infer<typeof schema>;
type Common = Omit<Parsed, "BOT_MODE" | "BOT_TOKEN" | "WEBHOOK_SECRET" | "PGLITE_DIR"> & { PGLITE_DIR: string };
export type ConsoleConfig = Common & { BOT_MODE: "console" };
export type PollingConfig = Common & { BOT_MODE: "polling"; BOT_TOKEN: string };
export type WebhookConfig = Common & { BOT_MODE: "webhook"; BOT_TOKEN: string; WEBHOOK_SECRET: string };
export type Config = ConsoleConfig | PollingConfig | WebhookConfig;
export type Locale = (typeof LOCALES)[number];
export const SUPPORTED_LOCALES: readonly Locale[] = LOCALES;

export class ConfigError extends Error {}

/** Parses env; throws ConfigError whose message is one line per bad key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings (KEY= in a .env file) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return toConfig(parsed.data);
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

// superRefine has checked that the mode's required keys are present.
function toConfig({ BOT_MODE, BOT_TOKEN, WEBHOOK_SECRET, PGLITE_DIR, ...rest }: Parsed): Config {
  const mode = BOT_MODE ?? (BOT_TOKEN ? "polling" : "console");
  const common = { ...rest, PGLITE_DIR: PGLITE_DIR ?? (mode === "console" ? "./data/demo" : "./data/pglite") };
  if (mode === "console") return { ...common, BOT_MODE: mode };
  if (mode === "polling") return { ...common, BOT_MODE: mode, BOT_TOKEN: BOT_TOKEN as string };
  return { ...common, BOT_MODE: mode, BOT_TOKEN: BOT_TOKEN as string, WEBHOOK_SECRET: WEBHOOK_SECRET as string };
}

// Errors end up in logs: never print a whole token/secret or a password inside a URL.
function redact(key: string, value: string): string {
  if (/TOKEN|SECRET/.test(key)) return `${value.slice(0, 4)}…`;
  return value.replace(/\/\/([^:/@]+):[^@/]*@/, "//$1:***@");
}
