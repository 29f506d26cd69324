import { Prisma } from "../generated/prisma/client";
import type { FilterSchema } from "./filter-sql";
import { SEATKEEPER_SCHEMA, USER_SCHEMA } from "./user-resource";

// What each filterable and sortable User attribute is in SQL, over `"Account" a`. The
// multi-valued emails is one work address per account, so its sub-attributes are columns or
// constants and `emails[type eq "work" and value co "@x"]` reads as a condition on the row.

const fullName = Prisma.sql`(a."givenName" || ' ' || a."familyName")`;

export const USER_FILTER_SCHEMA: FilterSchema = {
  coreSchema: USER_SCHEMA,
  attributes: {
    id: { sql: Prisma.sql`a."id"`, type: "uuid", caseExact: true },
    externalId: { sql: Prisma.sql`a."externalId"`, type: "string", caseExact: true, nullable: true },
    // Stored lower-case (user names are case-insensitive): compared as stored, so the index serves.
    userName: { sql: Prisma.sql`a."username"`, type: "string", storedLowerCase: true },
    name: { sql: fullName, type: "string" },
    "name.formatted": { sql: fullName, type: "string" },
    "name.givenName": { sql: Prisma.sql`a."givenName"`, type: "string" },
    "name.familyName": { sql: Prisma.sql`a."familyName"`, type: "string" },
    displayName: { sql: Prisma.sql`COALESCE(a."displayName", ${fullName})`, type: "string" },
    emails: { sql: Prisma.sql`a."email"`, type: "string", storedLowerCase: true },
    "emails.value": { sql: Prisma.sql`a."email"`, type: "string", storedLowerCase: true },
    "emails.type": { sql: Prisma.sql`'work'::text`, type: "string" },
    "emails.primary": { sql: Prisma.sql`TRUE`, type: "boolean" },
    active: { sql: Prisma.sql`a."state" = 'ACTIVE'`, type: "boolean" },
    "meta.created": { sql: Prisma.sql`a."createdAt"`, type: "dateTime" },
    "meta.lastModified": { sql: Prisma.sql`a."updatedAt"`, type: "dateTime" },
    [`${SEATKEEPER_SCHEMA}:area`]: {
      sql: Prisma.sql`(SELECT ar."name" FROM "Area" ar WHERE ar."id" = a."areaId")`,
      type: "string",
    },
  },
};
