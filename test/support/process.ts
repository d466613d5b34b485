// Running src/main.ts as a child process, the way a user or an operator runs it (e2e tests).
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { LocalBotApi } from "../../src/bot/local/api.js";
import { openDatabase } from "../../src/db/database.js";
import { createPostgresDatabase, testPostgresServer } from "./database.js";

export const E2E_TOKEN = "123456:E2E-token-abcdefghijklmnopqrstuvwxyz01234";
const TSX = path.resolve("node_modules/.bin/tsx");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function start(env: Record<string, string>, input?: string) {
  const child = spawn(TSX, ["src/main.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "warn", METRICS_PORT: "0", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  if (input !== undefined) child.stdin.end(input);
  const done = new Promise<Run>((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const BIN = path.resolve("bin/voterlink.mjs");

/**
 * Runs `voterlink <args>` as an operator does (node bin/voterlink.mjs, or npx) with only the given
 * settings in its environment (never the test run's own).
 */
export function voterlinkCli(args: string[], env: Record<string, string>, opts: { via?: "node" | "npx"; cwd?: string } = {}): Promise<Run> {
  const [cmd, argv] = opts.via === "npx" ? ["npx", ["--no-install", "voterlink", ...args]] : [process.execPath, [BIN, ...args]];
  const child = spawn(cmd, argv, {
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

/** A database for the child: a fresh PostgreSQL one in CI's PostgreSQL run, else a PGlite dir. */
export async function childDatabase(dir: string) {
  const server = testPostgresServer();
  if (server) {
    const pg = await createPostgresDatabase(server);
    return { env: { DATABASE_URL: pg.url } as Record<string, string>, open: () => openDatabase({ kind: "postgres", url: pg.url }), drop: pg.drop };
  }
  const pgliteDir = path.join(dir, "pglite");
  return { env: { PGLITE_DIR: pgliteDir }, open: () => openDatabase({ kind: "pglite", dir: pgliteDir }), drop: async () => {} };
}

export function freePort(): Promise<number> {
  const probe = createServer();
  return new Promise((resolve) =>
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    }),
  );
}

/**
 * A Bot API server on loopback that answers from the in-process one (long polls included).
 * `hang(method)` true: the request is taken and never answered, as a Telegram that hangs.
 */
export async function serveBotApi(api: LocalBotApi, opts: { hang?: (method: string) => boolean } = {}): Promise<Server> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const method = (req.url ?? "").split("/").at(-1) ?? "";
      if (opts.hang?.(method)) return;
      const aborted = new AbortController();
      res.on("close", () => aborted.abort());
      void api
        .fetch(`http://local${req.url}`, { method: "POST", body, signal: aborted.signal })
        .then(async (r) => res.writeHead(200, { "content-type": "application/json" }).end(await r.text()))
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return server;
}
