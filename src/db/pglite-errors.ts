// pglite-prisma-adapter 0.6.1 reports every database error as kind "postgres" with no Prisma
// code, so a duplicate cannot be told from a crash. Map SQLSTATEs the way adapter-pg does.
import { DriverAdapterError, type SqlDriverAdapter, type SqlDriverAdapterFactory, type Transaction } from "@prisma/driver-adapter-utils";

type PgCause = { kind: string; code?: string; detail?: string; column?: string; message?: string };

function fieldsFrom(detail?: string): string[] | undefined {
  return detail?.match(/Key \(([^)]+)\)/)?.[1]?.split(", ");
}

function mapPgliteError(error: unknown): unknown {
  if (!(error instanceof DriverAdapterError)) return error;
  const cause = error.cause as PgCause;
  if (cause.kind !== "postgres") return error;
  const fields = fieldsFrom(cause.detail);
  const constraint = fields ? { fields } : undefined;
  switch (cause.code) {
    case "23505":
      return new DriverAdapterError({ kind: "UniqueConstraintViolation", constraint });
    case "23502":
      return new DriverAdapterError({ kind: "NullConstraintViolation", constraint: cause.column ? { fields: [cause.column] } : constraint });
    case "23503":
      return new DriverAdapterError({ kind: "ForeignKeyConstraintViolation", constraint: cause.column ? { fields: [cause.column] } : undefined });
    case "40001":
      return new DriverAdapterError({ kind: "TransactionWriteConflict" });
    default:
      return error;
  }
}

function rethrowMapped<T>(p: Promise<T>): Promise<T> {
  return p.catch((e: unknown) => {
    throw mapPgliteError(e);
  });
}

function wrapQueryable<Q extends SqlDriverAdapter | Transaction>(q: Q): Q {
  const queryRaw = q.queryRaw.bind(q);
  const executeRaw = q.executeRaw.bind(q);
  q.queryRaw = (query) => rethrowMapped(queryRaw(query));
  q.executeRaw = (query) => rethrowMapped(executeRaw(query));
  return q;
}

/** Wraps a PGlite adapter factory so that errors carry Prisma's codes (P2002, P2003 …). */
export function withMappedErrors(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = wrapQueryable(await connect());
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolation) => wrapQueryable(await start(isolation));
    return adapter;
  };
  return factory;
}
