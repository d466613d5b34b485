-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AreaLevel" AS ENUM ('COUNTY', 'TOWNSHIP', 'VILLAGE', 'COMMUNITY');

-- CreateEnum
CREATE TYPE "ElectionKind" AS ENUM ('COUNTY_CONGRESS', 'TOWNSHIP_CONGRESS', 'VILLAGE_COMMITTEE', 'COMMUNITY_COMMITTEE');

-- CreateEnum
CREATE TYPE "ConstituencyBasis" AS ENUM ('RESIDENCE', 'WORK_UNIT');

-- CreateEnum
CREATE TYPE "RollStatus" AS ENUM ('LISTED', 'NOT_LISTED', 'SUSPENDED', 'REMOVED');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('VOTER', 'DELEGATE', 'STAFF', 'ADMIN');

-- CreateEnum
CREATE TYPE "ListStage" AS ENUM ('PRELIMINARY', 'FORMAL');

-- CreateEnum
CREATE TYPE "NominationKind" AS ENUM ('PARTY_OR_ORGANISATION', 'JOINT_VOTERS');

-- CreateEnum
CREATE TYPE "PollingPlaceKind" AS ENUM ('STATION', 'ELECTION_MEETING', 'MOBILE_BOX');

-- CreateEnum
CREATE TYPE "DelegateLevel" AS ENUM ('COUNTY', 'TOWNSHIP', 'VILLAGE', 'COMMUNITY');

-- CreateEnum
CREATE TYPE "Direction" AS ENUM ('IN', 'OUT');

-- CreateTable
CREATE TABLE "AdminArea" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "AreaLevel" NOT NULL,
    "parentId" INTEGER,

    CONSTRAINT "AdminArea_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Election" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ElectionKind" NOT NULL,
    "areaId" INTEGER NOT NULL,
    "electionDay" DATE NOT NULL,
    "rollPublishedOn" DATE,
    "preliminaryCandidatesOn" DATE,
    "formalCandidatesOn" DATE,
    "rules" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Election_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Constituency" (
    "id" SERIAL NOT NULL,
    "electionId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "seats" INTEGER NOT NULL,
    "basis" "ConstituencyBasis" NOT NULL,
    "workUnits" TEXT[],
    "description" TEXT,

    CONSTRAINT "Constituency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConstituencyArea" (
    "constituencyId" INTEGER NOT NULL,
    "areaId" INTEGER NOT NULL,

    CONSTRAINT "ConstituencyArea_pkey" PRIMARY KEY ("constituencyId","areaId")
);

-- CreateTable
CREATE TABLE "VoterGroup" (
    "id" SERIAL NOT NULL,
    "constituencyId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "leaderName" TEXT,

    CONSTRAINT "VoterGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollEntry" (
    "id" SERIAL NOT NULL,
    "electionId" INTEGER NOT NULL,
    "constituencyId" INTEGER NOT NULL,
    "voterGroupId" INTEGER,
    "voterNo" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "idLast4" CHAR(4) NOT NULL,
    "birthDate" DATE NOT NULL,
    "gender" CHAR(1) NOT NULL,
    "hukouAreaId" INTEGER,
    "residenceAreaId" INTEGER,
    "address" TEXT,
    "workUnit" TEXT,
    "awayForWork" BOOLEAN NOT NULL DEFAULT false,
    "status" "RollStatus" NOT NULL DEFAULT 'LISTED',

    CONSTRAINT "RollEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "telegramId" BIGINT NOT NULL,
    "firstName" TEXT,
    "username" TEXT,
    "locale" TEXT,
    "role" "Role" NOT NULL DEFAULT 'VOTER',
    "rollEntryId" INTEGER,
    "constituencyId" INTEGER,
    "remindersOn" BOOLEAN NOT NULL DEFAULT true,
    "quietFrom" INTEGER NOT NULL DEFAULT 21,
    "quietTo" INTEGER NOT NULL DEFAULT 8,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Candidate" (
    "id" SERIAL NOT NULL,
    "constituencyId" INTEGER NOT NULL,
    "fullName" TEXT NOT NULL,
    "gender" CHAR(1) NOT NULL,
    "birthYear" INTEGER NOT NULL,
    "occupation" TEXT NOT NULL,
    "bio" TEXT NOT NULL,
    "nominationKind" "NominationKind" NOT NULL,
    "nominatedBy" TEXT NOT NULL,
    "listStage" "ListStage" NOT NULL DEFAULT 'PRELIMINARY',

    CONSTRAINT "Candidate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PollingPlace" (
    "id" SERIAL NOT NULL,
    "electionId" INTEGER NOT NULL,
    "constituencyId" INTEGER NOT NULL,
    "kind" "PollingPlaceKind" NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "opensAt" TEXT NOT NULL,
    "closesAt" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "stepFree" BOOLEAN NOT NULL DEFAULT false,
    "accessibility" TEXT,

    CONSTRAINT "PollingPlace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delegate" (
    "id" SERIAL NOT NULL,
    "fullName" TEXT NOT NULL,
    "level" "DelegateLevel" NOT NULL,
    "constituencyId" INTEGER,
    "userId" INTEGER,
    "termStart" DATE NOT NULL,
    "termEnd" DATE NOT NULL,
    "occupation" TEXT,
    "bio" TEXT,

    CONSTRAINT "Delegate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FaqEntry" (
    "id" SERIAL NOT NULL,
    "locale" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "keywords" TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FaqEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "chatId" BIGINT,
    "telegramId" BIGINT,
    "direction" "Direction" NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT,
    "callbackData" TEXT,
    "locale" TEXT,
    "feature" TEXT,
    "updateId" INTEGER,

    CONSTRAINT "ConversationLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AdminArea_code_key" ON "AdminArea"("code");

-- CreateIndex
CREATE INDEX "AdminArea_parentId_idx" ON "AdminArea"("parentId");

-- CreateIndex
CREATE INDEX "Election_areaId_idx" ON "Election"("areaId");

-- CreateIndex
CREATE UNIQUE INDEX "Constituency_electionId_code_key" ON "Constituency"("electionId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Constituency_id_electionId_key" ON "Constituency"("id", "electionId");

-- CreateIndex
CREATE INDEX "ConstituencyArea_areaId_idx" ON "ConstituencyArea"("areaId");

-- CreateIndex
CREATE UNIQUE INDEX "VoterGroup_constituencyId_name_key" ON "VoterGroup"("constituencyId", "name");

-- CreateIndex
CREATE INDEX "RollEntry_electionId_fullName_idLast4_idx" ON "RollEntry"("electionId", "fullName", "idLast4");

-- CreateIndex
CREATE INDEX "RollEntry_constituencyId_idx" ON "RollEntry"("constituencyId");

-- CreateIndex
CREATE UNIQUE INDEX "RollEntry_electionId_voterNo_key" ON "RollEntry"("electionId", "voterNo");

-- CreateIndex
CREATE UNIQUE INDEX "User_telegramId_key" ON "User"("telegramId");

-- CreateIndex
CREATE INDEX "User_rollEntryId_idx" ON "User"("rollEntryId");

-- CreateIndex
CREATE INDEX "User_constituencyId_idx" ON "User"("constituencyId");

-- CreateIndex
CREATE INDEX "Candidate_constituencyId_idx" ON "Candidate"("constituencyId");

-- CreateIndex
CREATE INDEX "PollingPlace_constituencyId_idx" ON "PollingPlace"("constituencyId");

-- CreateIndex
CREATE UNIQUE INDEX "Delegate_userId_key" ON "Delegate"("userId");

-- CreateIndex
CREATE INDEX "Delegate_constituencyId_idx" ON "Delegate"("constituencyId");

-- CreateIndex
CREATE INDEX "FaqEntry_locale_topic_idx" ON "FaqEntry"("locale", "topic");

-- CreateIndex
CREATE INDEX "ConversationLog_telegramId_idx" ON "ConversationLog"("telegramId");

-- CreateIndex
CREATE INDEX "ConversationLog_chatId_at_idx" ON "ConversationLog"("chatId", "at");

-- CreateIndex
CREATE INDEX "ConversationLog_at_idx" ON "ConversationLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_actorId_idx" ON "AuditLog"("actorId");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE UNIQUE INDEX "Session_key_key" ON "Session"("key");

-- AddForeignKey
ALTER TABLE "AdminArea" ADD CONSTRAINT "AdminArea_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "AdminArea"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Election" ADD CONSTRAINT "Election_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "AdminArea"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Constituency" ADD CONSTRAINT "Constituency_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConstituencyArea" ADD CONSTRAINT "ConstituencyArea_constituencyId_fkey" FOREIGN KEY ("constituencyId") REFERENCES "Constituency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConstituencyArea" ADD CONSTRAINT "ConstituencyArea_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "AdminArea"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoterGroup" ADD CONSTRAINT "VoterGroup_constituencyId_fkey" FOREIGN KEY ("constituencyId") REFERENCES "Constituency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollEntry" ADD CONSTRAINT "RollEntry_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollEntry" ADD CONSTRAINT "RollEntry_constituencyId_electionId_fkey" FOREIGN KEY ("constituencyId", "electionId") REFERENCES "Constituency"("id", "electionId") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollEntry" ADD CONSTRAINT "RollEntry_voterGroupId_fkey" FOREIGN KEY ("voterGroupId") REFERENCES "VoterGroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollEntry" ADD CONSTRAINT "RollEntry_hukouAreaId_fkey" FOREIGN KEY ("hukouAreaId") REFERENCES "AdminArea"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollEntry" ADD CONSTRAINT "RollEntry_residenceAreaId_fkey" FOREIGN KEY ("residenceAreaId") REFERENCES "AdminArea"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_rollEntryId_fkey" FOREIGN KEY ("rollEntryId") REFERENCES "RollEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_constituencyId_fkey" FOREIGN KEY ("constituencyId") REFERENCES "Constituency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Candidate" ADD CONSTRAINT "Candidate_constituencyId_fkey" FOREIGN KEY ("constituencyId") REFERENCES "Constituency"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollingPlace" ADD CONSTRAINT "PollingPlace_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollingPlace" ADD CONSTRAINT "PollingPlace_constituencyId_electionId_fkey" FOREIGN KEY ("constituencyId", "electionId") REFERENCES "Constituency"("id", "electionId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delegate" ADD CONSTRAINT "Delegate_constituencyId_fkey" FOREIGN KEY ("constituencyId") REFERENCES "Constituency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delegate" ADD CONSTRAINT "Delegate_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Hand-written: a constituency elects 1–3 delegates (选举法 25). Prisma cannot express CHECKs.
ALTER TABLE "Constituency" ADD CONSTRAINT "Constituency_seats_check" CHECK ("seats" BETWEEN 1 AND 3);
