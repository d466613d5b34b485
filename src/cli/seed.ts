// npm run db:seed — fills an empty database with the demo county (示例县); leaves any other alone.
import { loadConfig } from "../config/config.js";
import { toLocalDate } from "../domain/dates.js";
import { isDatabaseEmpty, seedDemo, type SeedSummary } from "../db/seed/seed.js";
import { runWithDatabase } from "./with-database.js";

function summaryTable(summary: SeedSummary): string {
  const rows = Object.entries(summary);
  const width = Math.max(...rows.map(([table]) => table.length));
  return rows.map(([table, count]) => `  ${table.padEnd(width)}  ${String(count).padStart(5)}`).join("\n");
}

runWithDatabase("db:seed", async (db, where) => {
  if (!(await isDatabaseEmpty(db.prisma))) {
    console.log(`${where} already has data, nothing seeded.`);
    return;
  }
  const started = performance.now();
  // The demo election's dates are placed around today, in the county's zone.
  const summary = await seedDemo(db.prisma, { today: toLocalDate(new Date(), loadConfig().TIMEZONE) });
  console.log(`Seeded the demo county into ${where} in ${((performance.now() - started) / 1000).toFixed(1)} s:`);
  console.log(summaryTable(summary));
});
