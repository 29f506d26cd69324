-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "inactivityWarnedFor" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "InactivityPolicy" (
    "pool" "Pool" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "days" INTEGER NOT NULL DEFAULT 90,
    "warnDays" INTEGER,
    "exemptAdmins" BOOLEAN NOT NULL DEFAULT true,
    "exemptDirectory" BOOLEAN NOT NULL DEFAULT true,
    "exemptUsernames" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InactivityPolicy_pkey" PRIMARY KEY ("pool")
);

-- CreateTable
CREATE TABLE "InactivityRun" (
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "warned" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "byPool" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "InactivityRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InactivityRun_day_key" ON "InactivityRun"("day");
