-- CreateEnum
CREATE TYPE "BroadcastKind" AS ENUM ('ANNOUNCEMENT', 'REMINDER');

-- CreateEnum
CREATE TYPE "BroadcastStatus" AS ENUM ('SENDING', 'PAUSED', 'CANCELLED', 'DONE');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED', 'UNREACHABLE', 'EXPIRED', 'CANCELLED');

-- AlterTable
ALTER TABLE "Election" ADD COLUMN     "resultsPublishedOn" DATE;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "unreachableAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Broadcast" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "BroadcastKind" NOT NULL,
    "status" "BroadcastStatus" NOT NULL DEFAULT 'SENDING',
    "createdById" INTEGER,
    "text" TEXT NOT NULL,
    "mediaKind" TEXT,
    "mediaFileId" TEXT,
    "audience" JSONB NOT NULL DEFAULT '{}',
    "paid" BOOLEAN NOT NULL DEFAULT false,
    "total" INTEGER NOT NULL DEFAULT 0,
    "progressChatId" BIGINT,
    "progressMessageId" INTEGER,
    "progressLocale" TEXT,
    "progressEditedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Broadcast_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" BIGSERIAL NOT NULL,
    "broadcastId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "chatId" BIGINT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "notBefore" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "windowEndsAt" TIMESTAMP(3),
    "notAfter" TIMESTAMP(3),
    "leaseUntil" TIMESTAMP(3),
    "leasedBy" TEXT,
    "sentAt" TIMESTAMP(3),
    "messageId" INTEGER,
    "lastError" TEXT,
    "payload" JSONB,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxState" (
    "id" INTEGER NOT NULL,
    "nextSlotAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "pausedUntil" TIMESTAMP(3),

    CONSTRAINT "OutboxState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "job" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("job","slot")
);

-- CreateTable
CREATE TABLE "ReminderSent" (
    "id" BIGSERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "electionId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "ref" TEXT NOT NULL DEFAULT '',
    "localDay" DATE NOT NULL,
    "urgent" BOOLEAN NOT NULL,
    "deliveryId" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReminderSent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Broadcast_key_key" ON "Broadcast"("key");

-- CreateIndex
CREATE INDEX "Broadcast_status_idx" ON "Broadcast"("status");

-- CreateIndex
CREATE INDEX "Delivery_status_notBefore_idx" ON "Delivery"("status", "notBefore");

-- CreateIndex
CREATE INDEX "Delivery_broadcastId_status_idx" ON "Delivery"("broadcastId", "status");

-- CreateIndex
CREATE INDEX "Delivery_userId_idx" ON "Delivery"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_broadcastId_userId_key" ON "Delivery"("broadcastId", "userId");

-- CreateIndex
CREATE INDEX "ReminderSent_userId_localDay_idx" ON "ReminderSent"("userId", "localDay");

-- CreateIndex
CREATE UNIQUE INDEX "ReminderSent_userId_electionId_kind_ref_key" ON "ReminderSent"("userId", "electionId", "kind", "ref");

-- AddForeignKey
ALTER TABLE "Broadcast" ADD CONSTRAINT "Broadcast_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_broadcastId_fkey" FOREIGN KEY ("broadcastId") REFERENCES "Broadcast"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderSent" ADD CONSTRAINT "ReminderSent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
