-- AlterTable
ALTER TABLE "AdminArea" ADD COLUMN     "latitude" DOUBLE PRECISION,
ADD COLUMN     "longitude" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Candidate" ADD COLUMN     "education" TEXT,
ADD COLUMN     "ethnicity" TEXT,
ADD COLUMN     "party" TEXT;

-- AlterTable
ALTER TABLE "FaqEntry" ADD COLUMN     "key" TEXT;

-- CreateTable
CREATE TABLE "CandidateMeeting" (
    "id" SERIAL NOT NULL,
    "candidateId" INTEGER NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3),
    "place" TEXT NOT NULL,
    "address" TEXT,
    "note" TEXT,

    CONSTRAINT "CandidateMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingReminder" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "meetingId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "MeetingReminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PollingPlaceWatch" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "constituencyId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notifiedAt" TIMESTAMP(3),

    CONSTRAINT "PollingPlaceWatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FaqSynonym" (
    "id" SERIAL NOT NULL,
    "words" TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FaqSynonym_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FaqFeedback" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER,
    "entryKey" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "fallback" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL,
    "helpful" BOOLEAN,
    "shownAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "FaqFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CandidateMeeting_candidateId_idx" ON "CandidateMeeting"("candidateId");

-- CreateIndex
CREATE INDEX "CandidateMeeting_startsAt_idx" ON "CandidateMeeting"("startsAt");

-- CreateIndex
CREATE INDEX "MeetingReminder_meetingId_idx" ON "MeetingReminder"("meetingId");

-- CreateIndex
CREATE UNIQUE INDEX "MeetingReminder_userId_meetingId_key" ON "MeetingReminder"("userId", "meetingId");

-- CreateIndex
CREATE INDEX "PollingPlaceWatch_constituencyId_idx" ON "PollingPlaceWatch"("constituencyId");

-- CreateIndex
CREATE UNIQUE INDEX "PollingPlaceWatch_userId_constituencyId_key" ON "PollingPlaceWatch"("userId", "constituencyId");

-- CreateIndex
CREATE INDEX "FaqFeedback_entryKey_idx" ON "FaqFeedback"("entryKey");

-- CreateIndex
CREATE INDEX "FaqFeedback_shownAt_idx" ON "FaqFeedback"("shownAt");

-- CreateIndex
CREATE UNIQUE INDEX "FaqEntry_locale_key_key" ON "FaqEntry"("locale", "key");

-- AddForeignKey
ALTER TABLE "CandidateMeeting" ADD CONSTRAINT "CandidateMeeting_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "Candidate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingReminder" ADD CONSTRAINT "MeetingReminder_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingReminder" ADD CONSTRAINT "MeetingReminder_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "CandidateMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollingPlaceWatch" ADD CONSTRAINT "PollingPlaceWatch_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollingPlaceWatch" ADD CONSTRAINT "PollingPlaceWatch_constituencyId_fkey" FOREIGN KEY ("constituencyId") REFERENCES "Constituency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FaqFeedback" ADD CONSTRAINT "FaqFeedback_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
