// The arrows of ../shared/design/architecture.md, checked in CI (`npm run arrows`):
// domain is pure; services never reach the bot; the bot never reaches the database or Prisma;
// no cycles. dependency-cruiser 17 (18 needs Node 22).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "src/domain holds the law as pure functions: only other domain modules (and opencc-js, pure data conversion).",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { pathNot: ["^src/domain/", "^node_modules/opencc-js/"] },
    },
    {
      name: "services-not-bot",
      comment: "Use cases are shared by the bot, the CLI and jobs: they cannot depend on the bot.",
      severity: "error",
      from: { path: "^src/services/" },
      to: { path: ["^src/bot/", "^src/console/", "^src/server/", "^src/cli/", "^node_modules/grammy/"] },
    },
    {
      name: "bot-not-db",
      comment: "The bot reaches data only through services: never src/db, Prisma or pg.",
      severity: "error",
      from: { path: "^src/bot/" },
      to: { path: ["^src/db/", "^node_modules/@prisma/", "^node_modules/\\.prisma/", "^node_modules/pg/", "^node_modules/pglite-prisma-adapter/"] },
    },
    {
      name: "no-circular",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
