// The hot path: the two statements every update costs (the user lookup and the conversation-log
// batch insert) go straight to the driver instead of through Prisma. Prisma 6.19 runs its WASM
// query compiler even for $queryRaw, which cost more CPU than the query itself (bench/README.md).
// Everything else keeps using Prisma.
//
// - PostgreSQL: the same pg.Pool that Prisma's adapter uses (one pool, one connection limit).
// - PGlite: the same PGlite instance's query(); PGlite serialises its queries (and waits for an
//   open Prisma transaction), so never call this from inside a Prisma interactive transaction.
//
// One contract on both backends, whatever the process time zone:
//   parameters: a Date is sent as an ISO string in UTC (the columns are timestamp(3) in UTC, as
//               Prisma writes them); arrays and strings as they are;
//   results:    rows as objects; int8 as a decimal string; timestamp (without time zone) as a
//               Date read as UTC; timestamptz as a Date; json/jsonb parsed; enums as strings.
import type { PGlite } from "@electric-sql/pglite";
import type { PrismaClient } from "@prisma/client";
import pg from "pg";

/** One SQL statement with $1… parameters, its rows as objects. No Prisma types. */
export type SqlExecutor = <T extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]) => Promise<T[]>;

/** Statements sent, by path (the bench divides them by updates). */
export interface StatementCounts {
  /** Through Prisma (its adapter's queryRaw/executeRaw, and BEGIN/COMMIT/ROLLBACK of transactions). */
  prisma: number;
  /** Through the hot-path executor. */
  hotPath: number;
}

const TIMESTAMP = 1114; // timestamp without time zone
const INT8 = 20;

/** "2026-11-20 08:00:00.123" (PostgreSQL's text form) as that instant in UTC. */
function utcTimestamp(s: string): Date | string {
  if (s === "infinity" || s === "-infinity") return s;
  return new Date(`${s.replace(" ", "T")}Z`);
}

function toParam(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : v;
}

const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP ? utcTimestamp : pg.types.getTypeParser(oid, format ?? "text")) as pg.CustomTypesConfig["getTypeParser"],
};

// Hot-path statements are fixed texts (values go in $n parameters), a handful in all: each is
// prepared once per connection under a name of its own, so the server parses and plans it once
// instead of on every execution. The cap only guards against a caller building texts at run time.
const MAX_PREPARED = 32;

/** The hot path on a pg.Pool (the one Prisma's adapter was given). */
export function pgSql(pool: pg.Pool, counts: StatementCounts): SqlExecutor {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_PREPARED) names.set(text, (name = `voterlink_${names.size + 1}`));
    return name;
  };
  return async <T extends object>(text: string, params: readonly unknown[] = []) => {
    counts.hotPath++;
    const result = await pool.query<T & pg.QueryResultRow>({ name: nameOf(text), text, values: params.map(toParam), types: pgTypes });
    return result.rows;
  };
}

const pgliteParsers = { [TIMESTAMP]: utcTimestamp, [INT8]: (s: string) => s };

/** The hot path on the PGlite instance Prisma also uses. */
export function pgliteSql(db: PGlite, counts: StatementCounts): SqlExecutor {
  return async <T extends object>(text: string, params: readonly unknown[] = []) => {
    counts.hotPath++;
    return (await db.query<T>(text, params.map(toParam), { parsers: pgliteParsers })).rows;
  };
}

/**
 * The same contract through Prisma's $queryRawUnsafe: for services built on a bare PrismaClient
 * (tests of other services). Slower; results are normalised to the contract above.
 */
export function prismaSql(prisma: PrismaClient): SqlExecutor {
  return async <T extends object>(text: string, params: readonly unknown[] = []) => {
    const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params.map(toParam));
    for (const row of rows) for (const [k, v] of Object.entries(row)) if (typeof v === "bigint") row[k] = v.toString();
    return rows as T[];
  };
}
