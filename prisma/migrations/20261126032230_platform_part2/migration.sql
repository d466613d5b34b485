-- AlterTable
ALTER TABLE "ConversationLog" ADD COLUMN     "outcome" TEXT,
ADD COLUMN     "textLength" INTEGER;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "Session_updatedAt_idx" ON "Session"("updatedAt");
