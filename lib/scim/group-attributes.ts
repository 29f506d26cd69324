import { Prisma } from "../generated/prisma/client";
import type { FilterSchema } from "./filter-sql";
import { GROUP_SCHEMA } from "./group-resource";

// What each filterable and sortable Group attribute is in SQL, over `"ScimGroup" g`. members
// live in their own table: `members[value eq "id"]`, `members.value eq "id"` and `members pr`
// become an EXISTS over it, whose sub-attributes refer to `gm`.

export const GROUP_FILTER_SCHEMA: FilterSchema = {
  coreSchema: GROUP_SCHEMA,
  attributes: {
    id: { sql: Prisma.sql`g."id"`, type: "uuid", caseExact: true },
    externalId: { sql: Prisma.sql`g."externalId"`, type: "string", caseExact: true, nullable: true },
    // caseExact false (RFC 7643 4.2): the lower-cased key is what the unique index holds.
    displayName: { sql: Prisma.sql`g."displayNameKey"`, type: "string", storedLowerCase: true },
    "meta.created": { sql: Prisma.sql`g."createdAt"`, type: "dateTime" },
    "meta.lastModified": { sql: Prisma.sql`g."updatedAt"`, type: "dateTime" },
    "members.value": { sql: Prisma.sql`gm."accountId"`, type: "uuid", caseExact: true },
    // The member's userName, as /Groups returns it in display (user names are stored lower-case).
    "members.display": {
      sql: Prisma.sql`(SELECT a."username" FROM "Account" a WHERE a."id" = gm."accountId")`,
      type: "string",
      storedLowerCase: true,
    },
    "members.type": { sql: Prisma.sql`'User'::text`, type: "string" },
  },
  valuePaths: {
    // Served by the (groupId, accountId) primary key.
    members: (valueCondition) => Prisma.sql`EXISTS (SELECT 1 FROM "ScimGroupMember" gm WHERE gm."groupId" = g."id" AND ${valueCondition})`,
  },
};
