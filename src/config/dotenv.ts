import { existsSync } from "node:fs";

/** Loads ./.env if there is one; variables already in the environment win. */
export function loadDotEnv(file = ".env"): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
