// Shared frame of the database commands: read config from env (and ./.env), open the configured
// database (migrations are applied on open), run, close, and report failure on one line.
import { ConfigError, loadConfig } from "../config/config.js";
import { loadDotEnv } from "../config/dotenv.js";
import { openDatabase, targetFromConfig, type Database } from "../db/database.js";

export function runWithDatabase(command: string, work: (db: Database, where: string) => Promise<void>): void {
  const main = async () => {
    loadDotEnv();
    const config = loadConfig();
    const target = targetFromConfig(config);
    const where = target.kind === "postgres" ? "PostgreSQL" : `PGlite ${config.PGLITE_DIR}`;
    const db = await openDatabase(target);
    try {
      await work(db, where);
    } finally {
      await db.close();
    }
  };
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      // Prisma messages span several lines; keep the report to one.
      const message = error instanceof Error ? error.message : String(error);
      console.error(error instanceof ConfigError ? message : `${command} failed: ${message.replace(/\s*\n\s*/g, " ").trim()}`);
      process.exit(error instanceof ConfigError ? 2 : 1);
    },
  );
}
