// The audit trail of staff, admin (and demo identity) actions: who did what to which record,
// with the state before and after where a record changed. Entries hold ids, roles and codes of
// areas — never a person's name, words or other personal data. The one text kept is a staff
// member's stated reason for correcting a confirmed election result (results.reopen): it is the
// record of the correction, about figures, not about a person.
import { Prisma, type PrismaClient } from "@prisma/client";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface AuditEntry {
  /** The user who acted; null for the CLI or the system. */
  actorId: number | null;
  /** What was done, "<thing>.<verb>": "invite.create", "account.join", "account.role_change". */
  action: string;
  /** The record acted on: "user:12", "invite:3". */
  subject?: string | null;
  /** The record's state before and after the action (ids and roles only). */
  before?: JsonObject | null;
  after?: JsonObject | null;
  details?: JsonObject;
}

/** The client to write with: the service's own, or an open transaction's (so the entry commits with the change). */
export type AuditWriter = Pick<Prisma.TransactionClient, "auditLog">;

const json = (v: JsonObject | null | undefined) => (v == null ? Prisma.DbNull : (v as Prisma.InputJsonObject));

export class AuditService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Writes one entry; pass `tx` to write it inside the transaction that made the change. */
  async record(entry: AuditEntry, tx?: AuditWriter): Promise<void>;
  /** The older positional form (kept for existing callers). */
  async record(actorId: number | null, action: string, subject?: string, details?: JsonObject): Promise<void>;
  async record(a: AuditEntry | number | null, action?: string | AuditWriter, subject?: string, details: JsonObject = {}): Promise<void> {
    if (a !== null && typeof a === "object") return writeAudit((action as AuditWriter | undefined) ?? this.prisma, a);
    return writeAudit(this.prisma, { actorId: a, action: action as string, subject: subject ?? null, details });
  }
}

/** Writes one audit entry with the given client (a transaction's, typically). */
export async function writeAudit(db: AuditWriter, e: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: e.actorId,
      action: e.action,
      subject: e.subject ?? null,
      before: json(e.before),
      after: json(e.after),
      details: (e.details ?? {}) as Prisma.InputJsonObject,
    },
  });
}
