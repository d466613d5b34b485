import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds one migrated template database per run; each test file copies it (test/support/database.ts).
    globalSetup: ["test/support/global-setup.ts"],
    // 2 cores: files in parallel, but few at a time (each opens its own database).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
