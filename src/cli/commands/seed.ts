// voterlink seed — fills an empty database with the demo county (示例县, fictional); a database
// that already has data is left alone.
import { isDatabaseEmpty, seedDemo, type SeedSummary } from "../../db/seed/seed.js";
import { toLocalDate } from "../../domain/dates.js";
import { defineCommand } from "../command.js";

function summaryTable(summary: SeedSummary): string {
  const rows = Object.entries(summary);
  const width = Math.max(...rows.map(([table]) => table.length));
  return rows.map(([table, count]) => `  ${table.padEnd(width)}  ${String(count).padStart(5)}`).join("\n");
}

export default defineCommand({
  name: "seed",
  summary: "load the demo county into an empty database",
  usage: "Usage: voterlink seed\n  Loads the fictional demo county (示例县) into the configured database if it is empty.",
  options: {},
  async run(_args, ctx) {
    const config = ctx.config();
    const where = ctx.where(config);
    await ctx.withApp(async (app) => {
      if (!(await isDatabaseEmpty(app.db.prisma))) {
        ctx.out(`${where} already has data, nothing seeded.`);
        return;
      }
      const started = performance.now();
      const progress = ctx.progress(`Seeding the demo county into ${where}`);
      let summary: SeedSummary;
      try {
        // The demo election's dates are placed around today, in the county's time zone.
        summary = await seedDemo(app.db.prisma, { today: toLocalDate(app.services.clock.now(), config.TIMEZONE) });
      } finally {
        progress.done();
      }
      ctx.out(`Seeded the demo county into ${where} in ${((performance.now() - started) / 1000).toFixed(1)} s:`);
      ctx.out(summaryTable(summary));
    });
  },
});
