-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "Role" ADD VALUE 'DEPARTMENT';
ALTER TYPE "Role" ADD VALUE 'OFFICIAL';

-- AlterTable
ALTER TABLE "Invite" ADD COLUMN     "departmentId" INTEGER,
ADD COLUMN     "officialName" TEXT;

-- AlterTable
ALTER TABLE "Suggestion" ADD COLUMN     "leadOfficialUserId" INTEGER;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "departmentId" INTEGER,
ADD COLUMN     "officialName" TEXT;

-- CreateIndex
CREATE INDEX "Suggestion_departmentId_status_idx" ON "Suggestion"("departmentId", "status");

-- CreateIndex
CREATE INDEX "Suggestion_leadOfficialUserId_idx" ON "Suggestion"("leadOfficialUserId");

-- CreateIndex
CREATE INDEX "User_departmentId_idx" ON "User"("departmentId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Suggestion" ADD CONSTRAINT "Suggestion_leadOfficialUserId_fkey" FOREIGN KEY ("leadOfficialUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
