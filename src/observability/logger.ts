// JSON lines to stderr (stdout belongs to the console chat in console mode). Process logs sit
// outside retention and "delete my data", so personal data never goes into them: errors from
// Telegram are logged as method, code and description (never their payload: chat id, reply
// text), and fields that could hold a person's words or details are redacted wherever they occur.
import pino, { type Logger } from "pino";
import { GrammyError, HttpError } from "grammy";

export type { Logger };

/** What is kept of an error: enough to find the fault, nothing a user said or is. */
export function serializeError(e: unknown): Record<string, unknown> {
  if (e instanceof GrammyError) return { type: "GrammyError", method: e.method, error_code: e.error_code, description: e.description };
  if (e instanceof HttpError) return { type: "HttpError", message: e.message, cause: (e.error as Error | undefined)?.message };
  if (e instanceof Error) return { type: e.name, message: e.message, stack: e.stack, ...(("code" in e) ? { code: (e as { code: unknown }).code } : {}) };
  return { type: typeof e, message: String(e) };
}

// Keys that may carry personal data, at the top level and one or two levels down. ("message"
// is not among them: errors need theirs; a Telegram message object is logged as "update".)
const PERSONAL = ["payload", "text", "caption", "first_name", "last_name", "username", "phone_number", "fullName", "idLast4", "address", "update", "from", "chat"];
const REDACT_PATHS = PERSONAL.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      base: { app: "voterlink" },
      serializers: { err: serializeError, error: serializeError },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}
