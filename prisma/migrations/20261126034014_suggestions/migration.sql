-- CreateEnum
CREATE TYPE "SuggestionStatus" AS ENUM ('SUBMITTED', 'ACKNOWLEDGED', 'AWAITING_DETAIL', 'WITH_DELEGATE', 'RAISED', 'ASSIGNED', 'ANSWERED', 'RATED', 'REOPENED', 'CLOSED', 'MERGED', 'REJECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "SuggestionKind" AS ENUM ('SUGGESTION', 'CRITICISM', 'OPINION');

-- CreateEnum
CREATE TYPE "SuggestionRating" AS ENUM ('SATISFIED', 'BASICALLY_SATISFIED', 'DISSATISFIED');

-- CreateEnum
CREATE TYPE "DelegateActivityKind" AS ENUM ('MEETING', 'VISIT', 'INSPECTION', 'SURVEY', 'RECEPTION');

-- CreateTable
CREATE TABLE "Department" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contactName" TEXT,
    "contactPhone" TEXT,
    "email" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SuggestionCategory" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "nameZhCn" TEXT NOT NULL,
    "nameEn" TEXT,
    "nameZhTw" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "departmentId" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "SuggestionCategory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Suggestion" (
    "id" SERIAL NOT NULL,
    "trackingNo" TEXT NOT NULL,
    "authorId" INTEGER,
    "authorDeleted" BOOLEAN NOT NULL DEFAULT false,
    "authorLocale" TEXT NOT NULL DEFAULT 'zh-CN',
    "idempotencyKey" TEXT NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "constituencyId" INTEGER NOT NULL,
    "kind" "SuggestionKind" NOT NULL DEFAULT 'SUGGESTION',
    "categoryId" INTEGER,
    "text" TEXT NOT NULL,
    "detail" TEXT,
    "photos" TEXT[],
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "status" "SuggestionStatus" NOT NULL DEFAULT 'SUBMITTED',
    "version" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedOn" DATE NOT NULL,
    "mergedIntoId" INTEGER,
    "raisedByDelegateId" INTEGER,
    "key" BOOLEAN NOT NULL DEFAULT false,
    "leadOfficial" TEXT,
    "departmentId" INTEGER,
    "complex" BOOLEAN NOT NULL DEFAULT false,
    "assignedOn" DATE,
    "deadline" DATE,
    "firstAssignedAnswerOn" DATE,
    "firstAnsweredOn" DATE,
    "answeredOn" DATE,
    "answer" TEXT,
    "answerCount" INTEGER NOT NULL DEFAULT 0,
    "rating" "SuggestionRating",
    "ratingComment" TEXT,
    "reopenCount" INTEGER NOT NULL DEFAULT 0,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Suggestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SuggestionRecipient" (
    "suggestionId" INTEGER NOT NULL,
    "delegateId" INTEGER NOT NULL,
    "status" "SuggestionStatus" NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SuggestionRecipient_pkey" PRIMARY KEY ("suggestionId","delegateId")
);

-- CreateTable
CREATE TABLE "SuggestionEvent" (
    "id" BIGSERIAL NOT NULL,
    "suggestionId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "action" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "actorUserId" INTEGER,
    "delegateId" INTEGER,
    "fromStatus" "SuggestionStatus",
    "toStatus" "SuggestionStatus" NOT NULL,
    "note" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "SuggestionEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SuggestionNotice" (
    "id" BIGSERIAL NOT NULL,
    "suggestionId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "recipientUserId" INTEGER,
    "dedupeKey" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "claimedAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "SuggestionNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SuggestionQuota" (
    "userId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SuggestionQuota_pkey" PRIMARY KEY ("userId","day")
);

-- CreateTable
CREATE TABLE "TrackingCounter" (
    "prefix" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TrackingCounter_pkey" PRIMARY KEY ("prefix","year")
);

-- CreateTable
CREATE TABLE "DelegateActivity" (
    "id" SERIAL NOT NULL,
    "delegateId" INTEGER NOT NULL,
    "kind" "DelegateActivityKind" NOT NULL,
    "on" DATE NOT NULL,
    "place" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DelegateActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DelegateReport" (
    "id" SERIAL NOT NULL,
    "delegateId" INTEGER NOT NULL,
    "constituencyId" INTEGER,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "DelegateReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DelegateReportFeedback" (
    "id" SERIAL NOT NULL,
    "reportId" INTEGER NOT NULL,
    "userId" INTEGER,
    "rating" "SuggestionRating",
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DelegateReportFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Department_code_key" ON "Department"("code");

-- CreateIndex
CREATE UNIQUE INDEX "SuggestionCategory_code_key" ON "SuggestionCategory"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Suggestion_trackingNo_key" ON "Suggestion"("trackingNo");

-- CreateIndex
CREATE INDEX "Suggestion_authorId_submittedAt_idx" ON "Suggestion"("authorId", "submittedAt");

-- CreateIndex
CREATE INDEX "Suggestion_constituencyId_status_idx" ON "Suggestion"("constituencyId", "status");

-- CreateIndex
CREATE INDEX "Suggestion_status_deadline_idx" ON "Suggestion"("status", "deadline");

-- CreateIndex
CREATE INDEX "Suggestion_mergedIntoId_idx" ON "Suggestion"("mergedIntoId");

-- CreateIndex
CREATE UNIQUE INDEX "Suggestion_authorId_idempotencyKey_key" ON "Suggestion"("authorId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "SuggestionRecipient_delegateId_status_submittedAt_idx" ON "SuggestionRecipient"("delegateId", "status", "submittedAt");

-- CreateIndex
CREATE INDEX "SuggestionRecipient_delegateId_submittedAt_idx" ON "SuggestionRecipient"("delegateId", "submittedAt");

-- CreateIndex
CREATE INDEX "SuggestionEvent_suggestionId_at_idx" ON "SuggestionEvent"("suggestionId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "SuggestionNotice_dedupeKey_key" ON "SuggestionNotice"("dedupeKey");

-- CreateIndex
CREATE INDEX "SuggestionNotice_dueAt_idx" ON "SuggestionNotice"("dueAt");

-- CreateIndex
CREATE INDEX "SuggestionNotice_suggestionId_idx" ON "SuggestionNotice"("suggestionId");

-- CreateIndex
CREATE INDEX "DelegateActivity_delegateId_on_idx" ON "DelegateActivity"("delegateId", "on");

-- CreateIndex
CREATE INDEX "DelegateReport_constituencyId_publishedAt_idx" ON "DelegateReport"("constituencyId", "publishedAt");

-- CreateIndex
CREATE INDEX "DelegateReport_delegateId_idx" ON "DelegateReport"("delegateId");

-- CreateIndex
CREATE UNIQUE INDEX "DelegateReportFeedback_reportId_userId_key" ON "DelegateReportFeedback"("reportId", "userId");

-- AddForeignKey
ALTER TABLE "SuggestionCategory" ADD CONSTRAINT "SuggestionCategory_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Suggestion" ADD CONSTRAINT "Suggestion_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Suggestion" ADD CONSTRAINT "Suggestion_constituencyId_fkey" FOREIGN KEY ("constituencyId") REFERENCES "Constituency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Suggestion" ADD CONSTRAINT "Suggestion_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "SuggestionCategory"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Suggestion" ADD CONSTRAINT "Suggestion_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Suggestion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Suggestion" ADD CONSTRAINT "Suggestion_raisedByDelegateId_fkey" FOREIGN KEY ("raisedByDelegateId") REFERENCES "Delegate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Suggestion" ADD CONSTRAINT "Suggestion_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SuggestionRecipient" ADD CONSTRAINT "SuggestionRecipient_suggestionId_fkey" FOREIGN KEY ("suggestionId") REFERENCES "Suggestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SuggestionRecipient" ADD CONSTRAINT "SuggestionRecipient_delegateId_fkey" FOREIGN KEY ("delegateId") REFERENCES "Delegate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SuggestionEvent" ADD CONSTRAINT "SuggestionEvent_suggestionId_fkey" FOREIGN KEY ("suggestionId") REFERENCES "Suggestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SuggestionEvent" ADD CONSTRAINT "SuggestionEvent_actorUserId_fkey" FOREIGN KEY ("actorUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SuggestionNotice" ADD CONSTRAINT "SuggestionNotice_suggestionId_fkey" FOREIGN KEY ("suggestionId") REFERENCES "Suggestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SuggestionNotice" ADD CONSTRAINT "SuggestionNotice_recipientUserId_fkey" FOREIGN KEY ("recipientUserId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SuggestionQuota" ADD CONSTRAINT "SuggestionQuota_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DelegateActivity" ADD CONSTRAINT "DelegateActivity_delegateId_fkey" FOREIGN KEY ("delegateId") REFERENCES "Delegate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DelegateReport" ADD CONSTRAINT "DelegateReport_delegateId_fkey" FOREIGN KEY ("delegateId") REFERENCES "Delegate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DelegateReportFeedback" ADD CONSTRAINT "DelegateReportFeedback_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "DelegateReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DelegateReportFeedback" ADD CONSTRAINT "DelegateReportFeedback_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
