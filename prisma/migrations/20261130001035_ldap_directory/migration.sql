-- AlterEnum
ALTER TYPE "AccountSource" ADD VALUE 'LDAP';

-- CreateTable
CREATE TABLE "LdapDirectory" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "url" TEXT NOT NULL,
    "caCertificate" TEXT,
    "bindDn" TEXT NOT NULL,
    "bindPasswordSealed" TEXT NOT NULL,
    "baseDn" TEXT NOT NULL,
    "userFilter" TEXT NOT NULL,
    "preset" TEXT NOT NULL,
    "usernameAttribute" TEXT NOT NULL,
    "emailAttribute" TEXT NOT NULL,
    "givenNameAttribute" TEXT NOT NULL,
    "familyNameAttribute" TEXT NOT NULL,
    "externalIdAttribute" TEXT NOT NULL,
    "disabledByUserAccountControl" BOOLEAN NOT NULL DEFAULT false,
    "areaMode" TEXT NOT NULL DEFAULT 'GROUPS',
    "areaRules" JSONB NOT NULL DEFAULT '[]',
    "defaultAreaId" UUID,
    "scheduleMinutes" INTEGER DEFAULT 60,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "LdapDirectory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LdapSyncRun" (
    "id" BIGSERIAL NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "entries" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "createdWaiting" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "moved" INTEGER NOT NULL DEFAULT 0,
    "reactivated" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "activated" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "problems" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,

    CONSTRAINT "LdapSyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LdapSyncRun_startedAt_idx" ON "LdapSyncRun"("startedAt");
