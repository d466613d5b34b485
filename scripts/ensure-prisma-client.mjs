#!/usr/bin/env node
// Runs `prisma generate` only when the generated client is missing or older than the schema, and
// quietly (Prisma prints tips and advertising on every generate). Used by `npm start` and `npm test`.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const schema = readFileSync(path.join(root, "prisma/schema.prisma"));
const version = createRequire(import.meta.url)("prisma/package.json").version;
const want = createHash("sha256").update(schema).update(version).digest("hex");
const clientDir = path.join(root, "node_modules/.prisma/client");
const stamp = path.join(clientDir, ".voterlink-schema-sha256");

if (existsSync(path.join(clientDir, "index.js")) && existsSync(stamp) && readFileSync(stamp, "utf8") === want) process.exit(0);

const run = spawnSync(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "generate"], {
  cwd: root,
  env: { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  encoding: "utf8",
});
if (run.status !== 0) {
  process.stderr.write(`prisma generate failed:\n${run.stdout}${run.stderr}`);
  process.exit(run.status ?? 1);
}
writeFileSync(stamp, want);
