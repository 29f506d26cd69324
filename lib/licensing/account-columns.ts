import "server-only";
import { Prisma } from "../generated/prisma/client";

// Every column of "Account", in the Account type's terms: ids and enums as text.
const COLUMNS: { name: string; text?: true }[] = [
  { name: "id", text: true },
  { name: "username" },
  { name: "email" },
  { name: "givenName" },
  { name: "familyName" },
  { name: "displayName" },
  { name: "areaId", text: true },
  { name: "state", text: true },
  { name: "blockedReason", text: true },
  { name: "blockedAt" },
  { name: "waitingSince" },
  { name: "source", text: true },
  { name: "externalId" },
  { name: "passwordHash" },
  { name: "isSysadmin" },
  { name: "isPeopleAdmin" },
  { name: "mustChangePassword" },
  { name: "passwordChangedAt" },
  { name: "createdAt" },
  { name: "updatedAt" },
  { name: "lastSignInAt" },
  { name: "lastActiveAt" },
  { name: "comebackRefusedNotifiedAt" },
  { name: "inactivityWarnedFor" },
];

/**
 * The account columns of a statement that returns the row it wrote, read from `alias`, as a fixed
 * list rather than `alias.*`: the result of a prepared statement must not change with the table.
 */
export function accountColumnsSql(alias: string): Prisma.Sql {
  return Prisma.raw(COLUMNS.map(({ name, text }) => (text ? `${alias}."${name}"::text AS "${name}"` : `${alias}."${name}"`)).join(", "));
}
