// `npx voterlink <command> [flags]` (bin/voterlink.mjs runs this file through tsx). Commands are
// the files of src/cli/commands/: adding one is adding a file there (see ./command.ts).
//
// Exit codes: 0 done, 1 failed (one line on stderr; the stack too with DEBUG=1), 2 bad usage
// (unknown command or flag, missing value, bad configuration).
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pino from "pino";
import { createApp, type App } from "../app.js";
import { ConfigError, loadConfig, type Config } from "../config/config.js";
import { loadDotEnv } from "../config/dotenv.js";
import { createLogger } from "../observability/logger.js";
import { CommandFailed, UsageError, type CliCommand, type CliContext, type Progress } from "./command.js";

const COMMANDS_DIR = fileURLToPath(new URL("./commands/", import.meta.url));

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Every command in src/cli/commands/, by name. */
export async function loadCommands(dir = COMMANDS_DIR): Promise<Map<string, CliCommand>> {
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith(".d.ts") && !f.includes(".test."))
    .sort();
  const commands = new Map<string, CliCommand>();
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: CliCommand };
    const c = mod.default;
    if (!c?.name || typeof c.run !== "function") throw new Error(`${file}: the default export is not a command (defineCommand)`);
    if (commands.has(c.name)) throw new Error(`${file}: a second command named ${c.name}`);
    commands.set(c.name, c);
  }
  return commands;
}

function overview(commands: Map<string, CliCommand>): string {
  const width = Math.max(...[...commands.keys()].map((n) => n.length));
  return [
    "Usage: voterlink <command> [flags]",
    "",
    "Commands:",
    ...[...commands.values()].map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "`voterlink <command> --help` describes a command. Settings come from the environment and ./.env,",
    "as for the bot (DATABASE_URL, or PGLITE_DIR for the embedded database).",
    "Exit codes: 0 done, 1 failed, 2 bad usage.",
  ].join("\n");
}

function commandHelp(c: CliCommand): string {
  return `${c.usage.trimEnd()}\n  -h, --help  show this help`;
}

function context(io: Io): CliContext {
  let config: Config | undefined;
  const ctx: CliContext = {
    out: (line = "") => void io.stdout.write(`${line}\n`),
    err: (line) => void io.stderr.write(`${line}\n`),
    progress: (label) => progress(io, label),
    config: () => {
      if (!config) {
        loadDotEnv();
        config = loadConfig(io.env);
      }
      return config;
    },
    where: (c) => (c.DATABASE_URL ? "PostgreSQL" : `PGlite ${c.PGLITE_DIR}`),
    async withApp(work) {
      const app: App = await createApp(ctx.config(), {
        seedDemo: false,
        logger: io.env.DEBUG ? createLogger("debug") : pino({ level: "silent" }),
      });
      try {
        return await work(app);
      } finally {
        await app.close();
      }
    },
  };
  return ctx;
}

function progress(io: Io, label: string): Progress {
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  if (!io.stderr.isTTY) {
    io.stderr.write(`${label}…\n`);
    return { update: () => {}, done: (text) => text && void io.stderr.write(`${text}\n`) };
  }
  let current = label;
  const draw = () => io.stderr.write(`\r\x1b[2K${current}… ${seconds()}`);
  draw();
  const timer = setInterval(draw, 500);
  timer.unref();
  return {
    update: (text) => {
      current = text;
      draw();
    },
    done: (text) => {
      clearInterval(timer);
      io.stderr.write(`\r\x1b[2K${text ? `${text}\n` : ""}`);
    },
  };
}

/** Runs the command line `argv` (without node and the script); returns the exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const commands = await loadCommands();
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout).write(`${overview(commands)}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands.get(name);
  if (!command) {
    io.stderr.write(`voterlink: unknown command "${name}"\n\n${overview(commands)}\n`);
    return 2;
  }

  let args;
  try {
    args = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: command.positionals ?? false,
    });
  } catch (e) {
    io.stderr.write(`voterlink ${name}: ${(e as Error).message}\n\n${commandHelp(command)}\n`);
    return 2;
  }
  if (args.values.help) {
    io.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }

  try {
    return (await command.run(args as never, context(io))) ?? 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`voterlink ${name}: ${e.message}\n\n${commandHelp(command)}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr.write(`${e.message}\n`);
      return 2;
    }
    // Prisma and driver messages span lines: one line, the stack only when asked for.
    const message = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ").trim();
    io.stderr.write(`voterlink ${name} failed: ${message}\n`);
    if (io.env.DEBUG && e instanceof Error && !(e instanceof CommandFailed)) io.stderr.write(`${e.stack}\n`);
    return e instanceof CommandFailed ? e.exitCode : 1;
  }
}

// Run as the program (not when imported by a test).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main(process.argv.slice(2));

export async function main(argv: string[]): Promise<never> {
  const code = await runCli(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env }).catch((e: unknown) => {
    process.stderr.write(`voterlink failed: ${(e as Error).message}\n`);
    return 1;
  });
  process.exit(code);
}
