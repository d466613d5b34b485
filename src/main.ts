// The one entry point. No BOT_TOKEN: console mode on the embedded database with demo data.
// BOT_MODE=polling: long polling with @grammyjs/runner. BOT_MODE=webhook: HTTP server.
// Each mode is a small runner over the same app (src/app.ts).
import { ConfigError, loadConfig, type Config } from "./config/config.js";
import { loadDotEnv } from "./config/dotenv.js";
import { runConsoleMode } from "./console/console.js";
import { runPollingMode } from "./server/polling.js";
import { runWebhookMode } from "./server/webhook.js";

function readConfig(): Config {
  // A .env file in the working directory, if any; real environment variables win.
  loadDotEnv();
  try {
    return loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  switch (config.BOT_MODE) {
    case "console":
      return runConsoleMode(config);
    case "polling":
      return runPollingMode(config);
    case "webhook":
      return runWebhookMode(config);
  }
}

main().catch((e: unknown) => {
  console.error(`voterlink failed to start: ${(e as Error).message}`);
  process.exit(1);
});
