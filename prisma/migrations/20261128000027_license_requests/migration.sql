-- CreateEnum
CREATE TYPE "LicenseRequestChannel" AS ENUM ('HTTP', 'EMAIL');

-- CreateEnum
CREATE TYPE "DeliveryState" AS ENUM ('QUEUED', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "LicenseRequest" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestedById" UUID,
    "requestedByLabel" TEXT NOT NULL,
    "pool" "Pool" NOT NULL,
    "seats" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "contactName" TEXT NOT NULL,
    "contactEmail" TEXT NOT NULL,

    CONSTRAINT "LicenseRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LicenseRequestDelivery" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "channel" "LicenseRequestChannel" NOT NULL,
    "target" TEXT NOT NULL,
    "state" "DeliveryState" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "LicenseRequestDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LicenseRequest_createdAt_idx" ON "LicenseRequest"("createdAt");

-- CreateIndex
CREATE INDEX "LicenseRequestDelivery_state_nextAttemptAt_idx" ON "LicenseRequestDelivery"("state", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "LicenseRequestDelivery_requestId_channel_key" ON "LicenseRequestDelivery"("requestId", "channel");

-- AddForeignKey
ALTER TABLE "LicenseRequestDelivery" ADD CONSTRAINT "LicenseRequestDelivery_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "LicenseRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;
