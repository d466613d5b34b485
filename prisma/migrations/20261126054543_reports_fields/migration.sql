-- AlterEnum
ALTER TYPE "BroadcastKind" ADD VALUE 'BULLETIN';

-- AlterTable
ALTER TABLE "CandidateMeeting" ADD COLUMN     "attendance" INTEGER;

-- AlterTable: entries already stored keep NULL ("not recorded"), so they are never counted as 补登;
-- entries stored from now on get the time they were stored.
ALTER TABLE "RollEntry" ADD COLUMN     "createdAt" TIMESTAMP(3);
ALTER TABLE "RollEntry" ALTER COLUMN "createdAt" SET DEFAULT CURRENT_TIMESTAMP;
