// npm run db:migrate — applies pending migrations to DATABASE_URL (PostgreSQL) or, when it is
// unset, to the embedded PGlite in PGLITE_DIR, and says what it applied.
import { runWithDatabase } from "./with-database.js";

runWithDatabase("db:migrate", async (db, where) => {
  if (db.migrated.length === 0) console.log(`${where}: up to date, no migration applied`);
  for (const name of db.migrated) console.log(`${where}: applied ${name}`);
});
