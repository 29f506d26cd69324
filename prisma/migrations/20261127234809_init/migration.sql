-- Trigram search on the People list (see prisma/schema.prisma).
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "Pool" AS ENUM ('PRIMARY', 'EXTRANET');

-- CreateEnum
CREATE TYPE "AccountState" AS ENUM ('ACTIVE', 'BLOCKED');

-- CreateEnum
CREATE TYPE "BlockReason" AS ENUM ('ADMIN', 'NO_SEAT', 'DIRECTORY');

-- CreateEnum
CREATE TYPE "AccountSource" AS ENUM ('FORM', 'IMPORT', 'DIRECTORY', 'SEED');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('SUCCESS', 'REFUSED');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('POOL_FULL', 'POOL_NEAR_FULL');

-- CreateTable
CREATE TABLE "License" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "siteId" TEXT NOT NULL,
    "licenseId" TEXT NOT NULL,
    "licensee" TEXT NOT NULL,
    "maxUsers" INTEGER NOT NULL,
    "maxExtranetUsers" INTEGER NOT NULL DEFAULT 0,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "document" TEXT,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedById" TEXT,

    CONSTRAINT "License_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeatPool" (
    "pool" "Pool" NOT NULL,
    "seatLimit" INTEGER NOT NULL DEFAULT 0,
    "activeCount" INTEGER NOT NULL DEFAULT 0,
    "fullNotified" BOOLEAN NOT NULL DEFAULT false,
    "nearFullNotified" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeatPool_pkey" PRIMARY KEY ("pool")
);

-- CreateTable
CREATE TABLE "SiteSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "nearFullThresholdPct" INTEGER NOT NULL DEFAULT 90,

    CONSTRAINT "SiteSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Area" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "pool" "Pool" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Area_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "givenName" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "areaId" UUID NOT NULL,
    "state" "AccountState" NOT NULL,
    "blockedReason" "BlockReason",
    "blockedAt" TIMESTAMP(3),
    "waitingSince" TIMESTAMP(3),
    "source" "AccountSource" NOT NULL,
    "externalId" TEXT,
    "passwordHash" TEXT,
    "isSysadmin" BOOLEAN NOT NULL DEFAULT false,
    "isPeopleAdmin" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastSignInAt" TIMESTAMP(3),

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "outcome" "AuditOutcome" NOT NULL,
    "accountId" UUID,
    "accountLabel" TEXT,
    "pool" "Pool",
    "before" JSONB,
    "after" JSONB,
    "detail" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "recipientId" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "pool" "Pool" NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailOutbox" (
    "id" UUID NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "MailOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Area_name_key" ON "Area"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Account_username_key" ON "Account"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Account_email_key" ON "Account"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Account_externalId_key" ON "Account"("externalId");

-- CreateIndex
CREATE INDEX "Account_state_areaId_idx" ON "Account"("state", "areaId");

-- CreateIndex
CREATE INDEX "Account_areaId_state_idx" ON "Account"("areaId", "state");

-- CreateIndex
CREATE INDEX "Account_familyName_givenName_id_idx" ON "Account"("familyName", "givenName", "id");

-- CreateIndex
CREATE INDEX "Account_createdAt_id_idx" ON "Account"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Account_lastSignInAt_id_idx" ON "Account"("lastSignInAt", "id");

-- CreateIndex
CREATE INDEX "Account_blockedReason_waitingSince_idx" ON "Account"("blockedReason", "waitingSince");

-- CreateIndex
CREATE INDEX "Account_state_familyName_givenName_id_idx" ON "Account"("state", "familyName", "givenName", "id");

-- CreateIndex
CREATE INDEX "Account_username_trgm_idx" ON "Account" USING GIN ("username" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Account_email_trgm_idx" ON "Account" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Account_givenName_trgm_idx" ON "Account" USING GIN ("givenName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Account_familyName_trgm_idx" ON "Account" USING GIN ("familyName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_at_idx" ON "AuditEvent"("accountId", "at");

-- CreateIndex
CREATE INDEX "Notification_recipientId_readAt_createdAt_idx" ON "Notification"("recipientId", "readAt", "createdAt");

-- CreateIndex
CREATE INDEX "MailOutbox_sentAt_nextAttemptAt_idx" ON "MailOutbox"("sentAt", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "Area"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
