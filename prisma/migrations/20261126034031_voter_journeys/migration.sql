-- CreateEnum
CREATE TYPE "VoterRequestKind" AS ENUM ('OBJECTION', 'MOBILE_BOX', 'PROXY', 'QUESTION');

-- CreateEnum
CREATE TYPE "VoterRequestStatus" AS ENUM ('OPEN', 'APPROVED', 'REJECTED', 'ANSWERED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "RollLookupFailure" (
    "id" BIGSERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RollLookupFailure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoterRequest" (
    "id" SERIAL NOT NULL,
    "trackingNo" TEXT NOT NULL,
    "kind" "VoterRequestKind" NOT NULL,
    "status" "VoterRequestStatus" NOT NULL DEFAULT 'OPEN',
    "userId" INTEGER,
    "locale" TEXT NOT NULL,
    "electionId" INTEGER,
    "constituencyId" INTEGER,
    "areaId" INTEGER,
    "subjectEntryId" INTEGER,
    "subjectName" TEXT,
    "forSelf" BOOLEAN NOT NULL DEFAULT true,
    "proxyHolderEntryId" INTEGER,
    "details" TEXT NOT NULL,
    "contactName" TEXT,
    "phone" TEXT,
    "address" TEXT,
    "dueOn" DATE NOT NULL,
    "idempotencyKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "decidedById" INTEGER,
    "decision" TEXT,
    "notifiedAt" TIMESTAMP(3),
    "anonymisedAt" TIMESTAMP(3),

    CONSTRAINT "VoterRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoterRequestEvent" (
    "id" BIGSERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "VoterRequestEvent_pkey" PRIMARY KEY ("id")
);

-- TrackingCounter (prefix, year, last) is created by 20261126034014_suggestions and shared.

-- CreateTable
CREATE TABLE "ReminderPreference" (
    "userId" INTEGER NOT NULL,
    "registration" BOOLEAN NOT NULL DEFAULT true,
    "meetings" BOOLEAN NOT NULL DEFAULT true,
    "electionDay" BOOLEAN NOT NULL DEFAULT true,
    "results" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReminderPreference_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "ElectionOffice" (
    "id" SERIAL NOT NULL,
    "areaId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "hours" TEXT NOT NULL,

    CONSTRAINT "ElectionOffice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RollLookupFailure_userId_at_idx" ON "RollLookupFailure"("userId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "VoterRequest_trackingNo_key" ON "VoterRequest"("trackingNo");

-- CreateIndex
CREATE UNIQUE INDEX "VoterRequest_idempotencyKey_key" ON "VoterRequest"("idempotencyKey");

-- CreateIndex
CREATE INDEX "VoterRequest_status_dueOn_idx" ON "VoterRequest"("status", "dueOn");

-- CreateIndex
CREATE INDEX "VoterRequest_userId_idx" ON "VoterRequest"("userId");

-- CreateIndex
CREATE INDEX "VoterRequest_proxyHolderEntryId_status_idx" ON "VoterRequest"("proxyHolderEntryId", "status");

-- CreateIndex
CREATE INDEX "VoterRequest_subjectEntryId_kind_status_idx" ON "VoterRequest"("subjectEntryId", "kind", "status");

-- CreateIndex
CREATE INDEX "VoterRequestEvent_requestId_idx" ON "VoterRequestEvent"("requestId");

-- CreateIndex
CREATE INDEX "ElectionOffice_areaId_idx" ON "ElectionOffice"("areaId");

-- AddForeignKey
ALTER TABLE "RollLookupFailure" ADD CONSTRAINT "RollLookupFailure_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoterRequest" ADD CONSTRAINT "VoterRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoterRequest" ADD CONSTRAINT "VoterRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoterRequestEvent" ADD CONSTRAINT "VoterRequestEvent_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "VoterRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderPreference" ADD CONSTRAINT "ReminderPreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ElectionOffice" ADD CONSTRAINT "ElectionOffice_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "AdminArea"("id") ON DELETE CASCADE ON UPDATE CASCADE;
