// The audit trail of staff, admin (and demo identity) actions: who did what to which record,
// with the state before and after where a record changed.
import type { PrismaClient } from "@prisma/client";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export class AuditService {
  constructor(private readonly prisma: PrismaClient) {}

  async record(actorId: number | null, action: string, subject?: string, details: { [key: string]: JsonValue } = {}) {
    await this.prisma.auditLog.create({ data: { actorId, action, subject: subject ?? null, details } });
  }
}
