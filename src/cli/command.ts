// What a CLI command is: one file in src/cli/commands/ whose default export is
// `defineCommand({ name, summary, usage, options, run })`. The runner (voterlink.ts) finds it,
// parses its flags strictly (node:util parseArgs; --help is added to every command), and maps
// errors to exit codes: 0 done, 1 failed, 2 bad usage (unknown flag, missing value, bad config).
import type { ParseArgsConfig } from "node:util";
import type { App } from "../app.js";
import type { Config } from "../config/config.js";

export type OptionSpecs = NonNullable<ParseArgsConfig["options"]>;

/** The values parseArgs gives for `O` (strings and booleans; multiple: arrays). */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]["type"] extends "boolean"
    ? O[K]["multiple"] extends true
      ? boolean[]
      : boolean
    : O[K]["multiple"] extends true
      ? string[]
      : string;
};

export interface CliArgs<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
}

export interface Progress {
  /** Replaces the progress line ("loading rows… 1,200 of 5,000"). */
  update(text: string): void;
  /** Ends the progress display; `text` (if any) stays as a final line on stderr. */
  done(text?: string): void;
}

export interface CliContext {
  /** A line for the user on stdout (results: what a script may read). */
  out(line?: string): void;
  /** A line on stderr (notes, warnings). */
  err(line: string): void;
  /** Progress of long work on stderr: a live line on a terminal, start/end lines otherwise. */
  progress(label: string): Progress;
  /** The configuration from the environment and ./.env, as the bot reads it (ConfigError → exit 2). */
  config(): Config;
  /**
   * Opens the app the bot runs — the same assembly (src/app.ts): database (migrated on open),
   * services; no demo seeding, the bot not started — runs `work`, and closes it.
   */
  withApp<T>(work: (app: App) => Promise<T>): Promise<T>;
  /** "PostgreSQL" or "PGlite <dir>": where the configured database is. */
  where(config: Config): string;
}

export interface CliCommand<O extends OptionSpecs = OptionSpecs> {
  name: string;
  /** One line for `voterlink --help`. */
  summary: string;
  /** The usage text for `voterlink <name> --help` and usage errors (without the --help line). */
  usage: string;
  options: O;
  /** Whether the command takes positional arguments (default: none). */
  positionals?: boolean;
  /** Returns the exit code (default 0). Throw UsageError for bad usage (exit 2); any other error exits 1. */
  run(args: CliArgs<O>, ctx: CliContext): Promise<number | void>;
}

export function defineCommand<O extends OptionSpecs>(command: CliCommand<O>): CliCommand<O> {
  return command;
}

/** Bad usage: the message and the command's usage are printed; exit code 2. */
export class UsageError extends Error {}

/** A failure to report on one line without a stack (exit code 1, or the one given). */
export class CommandFailed extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
