// npm run import -- <kind> <file> [--valid-only] [--dry-run] — the runnable entry of
// src/cli/commands/import.ts until it is wired into `npx voterlink import`.
import pino from "pino";
import { loadConfig } from "../config/config.js";
import { loadDotEnv } from "../config/dotenv.js";
import { openDatabase, targetFromConfig } from "../db/database.js";
import { createServices } from "../services/index.js";
import * as command from "./commands/import.js";

loadDotEnv();
const code = await command
  .run(process.argv.slice(2), {
    open: async () => {
      const config = loadConfig();
      const db = await openDatabase(targetFromConfig(config));
      const services = createServices(db.prisma, config, pino({ level: "silent" }));
      return { imports: services.imports, close: () => db.close() };
    },
    out: (l) => console.log(l),
    err: (l) => console.error(l),
  })
  .catch((e: unknown) => {
    console.error(`import failed: ${(e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ")}`);
    return 1;
  });
process.exit(code);
