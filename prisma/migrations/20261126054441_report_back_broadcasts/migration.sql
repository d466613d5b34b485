-- AlterEnum
ALTER TYPE "BroadcastKind" ADD VALUE 'REPORT_BACK';
