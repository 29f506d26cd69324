-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "passwordChangedAt" TIMESTAMP(3);

-- AlterTable (existing areas get their key from their name before the column becomes required)
ALTER TABLE "Area" ADD COLUMN     "nameKey" TEXT;
UPDATE "Area" SET "nameKey" = lower(btrim("name"));
-- Older names that differ only in case or spaces: the later ones get a numbered key, so the key can
-- be unique (renaming such an area in the console gives it a clean one).
UPDATE "Area" a SET "nameKey" = a."nameKey" || ' (' || d.n || ')'
FROM (SELECT id, row_number() OVER (PARTITION BY "nameKey" ORDER BY "createdAt", id) - 1 AS n FROM "Area") d
WHERE d.id = a.id AND d.n > 0;
ALTER TABLE "Area" ALTER COLUMN "nameKey" SET NOT NULL;

-- CreateTable
CREATE TABLE "Session" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "endedWhy" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PasswordLink" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "PasswordLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_accountId_endedAt_idx" ON "Session"("accountId", "endedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PasswordLink_tokenHash_key" ON "PasswordLink"("tokenHash");

-- CreateIndex
CREATE INDEX "PasswordLink_accountId_idx" ON "PasswordLink"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Area_nameKey_key" ON "Area"("nameKey");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordLink" ADD CONSTRAINT "PasswordLink_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
