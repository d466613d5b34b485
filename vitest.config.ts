import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds one migrated template database per run; each test file copies it (test/support/database.ts).
    globalSetup: ["test/support/global-setup.ts"],
    // 2 cores: files in parallel, but few at a time (each opens its own database).
    maxWorkers: 2,
    // Files share a worker's modules instead of importing the whole app again each: that import was
    // a third of the suite's CPU (PGlite run 456 s → 298 s, PostgreSQL 359 s → 192 s on this
    // machine). Tests keep their state in their own harness and database; the two that set TZ put
    // it back.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
