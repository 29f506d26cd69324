-- CreateEnum
CREATE TYPE "GroupMatch" AS ENUM ('DISPLAY_NAME', 'EXTERNAL_ID');

-- CreateTable
CREATE TABLE "ScimGroup" (
    "id" UUID NOT NULL,
    "displayName" TEXT NOT NULL,
    "displayNameKey" TEXT NOT NULL,
    "externalId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "ScimGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScimGroupMember" (
    "groupId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScimGroupMember_pkey" PRIMARY KEY ("groupId","accountId")
);

-- CreateTable
CREATE TABLE "GroupAreaMapping" (
    "id" UUID NOT NULL,
    "matchBy" "GroupMatch" NOT NULL,
    "groupName" TEXT NOT NULL,
    "matchKey" TEXT NOT NULL,
    "areaId" UUID NOT NULL,
    "rank" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupAreaMapping_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ScimGroup_displayNameKey_key" ON "ScimGroup"("displayNameKey");

-- CreateIndex
CREATE UNIQUE INDEX "ScimGroup_externalId_key" ON "ScimGroup"("externalId");

-- CreateIndex
CREATE INDEX "ScimGroupMember_accountId_idx" ON "ScimGroupMember"("accountId");

-- CreateIndex
CREATE INDEX "GroupAreaMapping_rank_idx" ON "GroupAreaMapping"("rank");

-- CreateIndex
CREATE UNIQUE INDEX "GroupAreaMapping_matchBy_matchKey_key" ON "GroupAreaMapping"("matchBy", "matchKey");

-- AddForeignKey
ALTER TABLE "ScimGroupMember" ADD CONSTRAINT "ScimGroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "ScimGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScimGroupMember" ADD CONSTRAINT "ScimGroupMember_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupAreaMapping" ADD CONSTRAINT "GroupAreaMapping_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "Area"("id") ON DELETE CASCADE ON UPDATE CASCADE;
