// voterlink migrate — applies pending migrations to the configured database (DATABASE_URL, or the
// embedded PGlite in PGLITE_DIR) and says what it applied. The bot also does this at start.
import { defineCommand } from "../command.js";

export default defineCommand({
  name: "migrate",
  summary: "apply pending database migrations and list them",
  usage: "Usage: voterlink migrate\n  Applies the migrations in prisma/migrations that the configured database lacks.",
  options: {},
  async run(_args, ctx) {
    const config = ctx.config();
    const where = ctx.where(config);
    const migrated = await ctx.withApp(async (app) => app.db.migrated);
    if (migrated.length === 0) ctx.out(`${where}: up to date, no migration applied`);
    for (const name of migrated) ctx.out(`${where}: applied ${name}`);
  },
});
