-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "lastActiveAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Account_lastActiveAt_id_idx" ON "Account"("lastActiveAt", "id");

-- CreateIndex
CREATE INDEX "Account_lastActiveAt_createdAt_idx" ON "Account"("lastActiveAt", "createdAt");

-- Existing accounts start from what is known: their last sign-in or last session use
UPDATE "Account" a SET "lastActiveAt" = GREATEST(a."lastSignInAt", (SELECT max(s."lastSeenAt") FROM "Session" s WHERE s."accountId" = a.id))
WHERE a."lastSignInAt" IS NOT NULL OR EXISTS (SELECT 1 FROM "Session" s WHERE s."accountId" = a.id);
