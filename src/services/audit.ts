// The audit trail of staff (and demo identity) actions: who did what to which record.
import type { Prisma, PrismaClient } from "@prisma/client";

export class AuditService {
  constructor(private readonly prisma: PrismaClient) {}

  async record(actorId: number | null, action: string, subject?: string, details: Prisma.InputJsonObject = {}) {
    await this.prisma.auditLog.create({ data: { actorId, action, subject: subject ?? null, details } });
  }
}
