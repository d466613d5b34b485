import pino, { type Logger } from "pino";

export type { Logger };

/** JSON lines to stderr (stdout belongs to the console chat in console mode). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: "voterlink" } }, pino.destination(2));
}
