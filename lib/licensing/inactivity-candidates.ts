import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { Db, Tx } from "../db/client";
import type { Pool } from "../generated/prisma/enums";

export type InactivityCandidate = {
  id: string;
  username: string;
  email: string;
  name: string;
  pool: Pool;
  /** Last activity, or creation for an account never active: the start of its inactivity spell. */
  inactiveSince: Date;
  /** When the policy blocks it: inactiveSince + the policy's days. */
  blockAt: Date;
  /** Already warned about this spell. */
  warned: boolean;
};

/**
 * THE query of the inactivity policies, used by both the preview and the daily run (so they
 * cannot disagree): active accounts in pools whose policy is on, not exempt, whose inactivity
 * spell reaches `kind`'s threshold at `now`: "block" (the policy's days) or "warn" (days minus
 * the warning's days, not yet warned for this spell, not yet due for the block).
 */
export async function inactivityCandidates(client: Db | Tx, now: Date, kind: "block" | "warn"): Promise<InactivityCandidate[]> {
  const since = Prisma.sql`coalesce(a."lastActiveAt", a."createdAt")`;
  const blockAt = Prisma.sql`${since} + make_interval(days => p.days)`;
  const nowSql = Prisma.sql`(${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const condition =
    kind === "block"
      ? Prisma.sql`${blockAt} <= ${nowSql}`
      : Prisma.sql`p."warnDays" IS NOT NULL AND ${blockAt} > ${nowSql}
          AND ${since} + make_interval(days => p.days - p."warnDays") <= ${nowSql}
          AND a."inactivityWarnedFor" IS DISTINCT FROM ${since}`;
  const rows = await client.$queryRaw<
    {
      id: string;
      username: string;
      email: string;
      givenName: string;
      familyName: string;
      pool: Pool;
      inactiveSince: Date;
      blockAt: Date;
      warned: boolean;
    }[]
  >`
    SELECT a.id::text AS id, a.username, a.email, a."givenName", a."familyName", ar.pool,
      ${since} AS "inactiveSince", ${blockAt} AS "blockAt",
      (a."inactivityWarnedFor" IS NOT DISTINCT FROM ${since}) AS warned
    FROM "Account" a
    JOIN "Area" ar ON ar.id = a."areaId"
    JOIN "InactivityPolicy" p ON p.pool = ar.pool AND p.enabled
    WHERE a.state = 'ACTIVE'
      AND NOT (p."exemptAdmins" AND (a."isSysadmin" OR a."isPeopleAdmin"))
      AND NOT (p."exemptDirectory" AND a.source IN ('DIRECTORY', 'LDAP'))
      AND NOT (a.username = ANY (p."exemptUsernames"))
      AND ${condition}
    ORDER BY ar.pool, ${since}, a.id`;
  return rows.map(({ givenName, familyName, ...r }) => ({ ...r, name: `${givenName} ${familyName}` }));
}
