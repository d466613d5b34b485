-- CreateEnum
CREATE TYPE "ResultRound" AS ENUM ('FIRST', 'REVOTE', 'FURTHER');

-- CreateEnum
CREATE TYPE "ResultStatus" AS ENUM ('DRAFT', 'CONFIRMED', 'PUBLISHED');

-- AlterTable
ALTER TABLE "Candidate" ADD COLUMN     "incumbent" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ResultSheet" (
    "id" SERIAL NOT NULL,
    "electionId" INTEGER NOT NULL,
    "constituencyId" INTEGER NOT NULL,
    "round" "ResultRound" NOT NULL,
    "roundNo" INTEGER NOT NULL DEFAULT 1,
    "seats" INTEGER NOT NULL,
    "registered" INTEGER NOT NULL,
    "voted" INTEGER NOT NULL,
    "returned" INTEGER NOT NULL,
    "validBallots" INTEGER NOT NULL,
    "invalidBallots" INTEGER NOT NULL,
    "proxyVotes" INTEGER NOT NULL DEFAULT 0,
    "status" "ResultStatus" NOT NULL DEFAULT 'DRAFT',
    "outcome" JSONB,
    "enteredById" INTEGER,
    "confirmedById" INTEGER,
    "confirmedAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "broadcastId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ResultSheet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResultPart" (
    "id" SERIAL NOT NULL,
    "sheetId" INTEGER NOT NULL,
    "pollingPlaceId" INTEGER,
    "placeKind" "PollingPlaceKind" NOT NULL,
    "label" TEXT NOT NULL,
    "voted" INTEGER NOT NULL,
    "returned" INTEGER NOT NULL,
    "validBallots" INTEGER NOT NULL,
    "invalidBallots" INTEGER NOT NULL,
    "proxyVotes" INTEGER NOT NULL DEFAULT 0,
    "votes" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "ResultPart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResultVote" (
    "id" SERIAL NOT NULL,
    "sheetId" INTEGER NOT NULL,
    "candidateId" INTEGER,
    "name" TEXT NOT NULL,
    "votes" INTEGER NOT NULL,
    "writeIn" BOOLEAN NOT NULL DEFAULT false,
    "elected" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ResultVote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ResultSheet_electionId_status_idx" ON "ResultSheet"("electionId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ResultSheet_constituencyId_round_roundNo_key" ON "ResultSheet"("constituencyId", "round", "roundNo");

-- CreateIndex
CREATE UNIQUE INDEX "ResultPart_sheetId_label_key" ON "ResultPart"("sheetId", "label");

-- CreateIndex
CREATE INDEX "ResultVote_candidateId_idx" ON "ResultVote"("candidateId");

-- CreateIndex
CREATE UNIQUE INDEX "ResultVote_sheetId_name_key" ON "ResultVote"("sheetId", "name");

-- AddForeignKey
ALTER TABLE "ResultSheet" ADD CONSTRAINT "ResultSheet_constituencyId_electionId_fkey" FOREIGN KEY ("constituencyId", "electionId") REFERENCES "Constituency"("id", "electionId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResultPart" ADD CONSTRAINT "ResultPart_sheetId_fkey" FOREIGN KEY ("sheetId") REFERENCES "ResultSheet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResultPart" ADD CONSTRAINT "ResultPart_pollingPlaceId_fkey" FOREIGN KEY ("pollingPlaceId") REFERENCES "PollingPlace"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResultVote" ADD CONSTRAINT "ResultVote_sheetId_fkey" FOREIGN KEY ("sheetId") REFERENCES "ResultSheet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResultVote" ADD CONSTRAINT "ResultVote_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "Candidate"("id") ON DELETE SET NULL ON UPDATE CASCADE;
