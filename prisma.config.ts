// Used by the Prisma CLI only (generate, migrate diff/status). The app applies migrations with
// its own migrator (src/db/migrator.ts). See ../shared/design/prisma-offline.md for why.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

// A config file turns off .env loading, and the CLI needs the variable set to stay on the JS engine.
process.env.DATABASE_URL ??= "postgresql://unused@localhost/unused";

// Created once: the CLI calls adapter() more than once per command, and two PGlite instances
// on one directory corrupt it. A throw-away directory, never the app's ./data.
let cliDb: PGlite | undefined;
function cliPGlite(): PGlite {
  if (!cliDb) {
    unrefTimers();
    cliDb = new PGlite(process.env.PRISMA_CLI_PGLITE_DIR ?? "memory://prisma-cli");
  }
  return cliDb;
}

// PGlite keeps a ref'd 10 s timer and the CLI never closes the adapter: unref so commands exit.
function unrefTimers(): void {
  const original = globalThis.setInterval;
  globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => {
    const t = original(...args);
    t.unref?.();
    return t;
  }) as typeof setInterval;
}

class CliAdapter extends PrismaPGlite {
  // The shadow database gets its own in-memory PGlite; scripts go through exec (simple protocol)
  // so multi-statement migrations work, and are awaited (0.6.1 forgets to).
  override async connectToShadowDb() {
    return scriptSafe(await new PrismaPGlite(new PGlite("memory://")).connect());
  }
  override async connect() {
    return scriptSafe(await super.connect());
  }
}

type Adapter = Awaited<ReturnType<PrismaPGlite["connect"]>>;
function scriptSafe(adapter: Adapter): Adapter {
  const client = (adapter as unknown as { client: PGlite }).client;
  adapter.executeScript = async (script: string) => {
    await client.exec(script);
  };
  // The schema engine applies each migration file to the shadow database as one parameterless
  // executeRaw; a file holds many statements, which the extended protocol refuses.
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    const results = await client.exec(query.sql);
    return results.at(-1)?.affectedRows ?? 0;
  };
  return adapter;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => new CliAdapter(cliPGlite()),
});
