// Tracking numbers (domain/tracking-number.ts: "SS-2026-000042"): one counter row per prefix and
// year, advanced with a single INSERT … ON CONFLICT DO UPDATE … RETURNING. PostgreSQL takes a row
// lock for the update, so parallel requests (any number of instances) each get their own number;
// inside a transaction a rolled-back request gives its number back.
import type { Prisma, PrismaClient } from "@prisma/client";
import { formatTrackingNumber, MAX_TRACKING_SEQ } from "../domain/tracking-number.js";

type Db = PrismaClient | Prisma.TransactionClient;

export async function nextTrackingNumber(db: Db, prefix: string, year: number): Promise<string> {
  const [row] = await db.$queryRaw<{ last: number }[]>`
    INSERT INTO "TrackingCounter" ("prefix", "year", "last") VALUES (${prefix}, ${year}, 1)
    ON CONFLICT ("prefix", "year") DO UPDATE SET "last" = "TrackingCounter"."last" + 1
    RETURNING "last"`;
  const seq = Number(row?.last);
  if (!Number.isInteger(seq) || seq > MAX_TRACKING_SEQ) throw new RangeError(`tracking numbers ${prefix}-${year} are used up`);
  return formatTrackingNumber(prefix, year, seq);
}
