import "server-only";
import { z } from "zod";
import { db as defaultDb, type Db, type Tx } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { recordAuditEvent, type Actor } from "../licensing";
import { AreaNotEmptyError, AreaNotFoundError, InvalidInputError, NotAllowedError } from "../licensing/errors";
import { parseInput } from "../licensing/validate";
import { areaNameKey, areaNameSchema } from "./area-name";

// Areas are where accounts live; their pool decides which seats they use. People administrators
// create extranet areas, rename any area, and delete an extranet area once it is empty. Seats are
// not touched here: an account changes area only through lib/licensing's moveAccount.

const areaIdSchema = z.uuid("Not a valid area id.");

function nameTaken(name: string) {
  return new InvalidInputError({ name: [`An area named "${name}" already exists (names are compared without regard to case).`] });
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const clash = await tx.area.findUnique({ where: { nameKey: areaNameKey(name) }, select: { id: true, name: true } });
  if (clash && clash.id !== exceptId) throw nameTaken(clash.name);
}

/** A unique index that fired under a race the check above could not see. */
function translateNameClash(error: unknown, name: string): unknown {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return nameTaken(name);
  return error;
}

/** Creates an extranet area (the primary area exists from the first start and is the only one). */
export async function createExtranetArea(options: { actor: Actor; name: string }, client: Db = defaultDb()) {
  const name = parseInput(z.object({ name: areaNameSchema }), { name: options.name }).name;
  return client
    .$transaction(async (tx) => {
      await assertNameFree(tx, name);
      const area = await tx.area.create({ data: { name, nameKey: areaNameKey(name), pool: "EXTRANET" } });
      await recordAuditEvent(tx, { actor: options.actor, action: "area.create", pool: "EXTRANET", after: { name, pool: "EXTRANET" } });
      return area;
    })
    .catch((error) => {
      throw translateNameClash(error, name);
    });
}

/** Creates the primary area when the site has none yet (site:init, the demo seed). */
export async function ensurePrimaryArea(options: { actor: Actor; name: string }, client: Db = defaultDb()) {
  const name = parseInput(z.object({ name: areaNameSchema }), { name: options.name }).name;
  return client.$transaction(async (tx) => {
    // Serialises two first starts, so the site never gets two primary areas.
    await tx.$executeRaw`LOCK TABLE "Area" IN SHARE ROW EXCLUSIVE MODE`;
    const existing = await tx.area.findFirst({ where: { pool: "PRIMARY" }, orderBy: { createdAt: "asc" } });
    if (existing) return existing;
    await assertNameFree(tx, name);
    const area = await tx.area.create({ data: { name, nameKey: areaNameKey(name), pool: "PRIMARY" } });
    await recordAuditEvent(tx, { actor: options.actor, action: "area.create", pool: "PRIMARY", after: { name, pool: "PRIMARY" } });
    return area;
  });
}

export async function renameArea(options: { actor: Actor; areaId: string; name: string }, client: Db = defaultDb()) {
  const { areaId, name } = parseInput(z.object({ areaId: areaIdSchema, name: areaNameSchema }), options);
  return client
    .$transaction(async (tx) => {
      const before = await lockArea(tx, areaId);
      if (before.name === name) return { area: before, changed: false };
      await assertNameFree(tx, name, areaId);
      const area = await tx.area.update({ where: { id: areaId }, data: { name, nameKey: areaNameKey(name) } });
      await recordAuditEvent(tx, {
        actor: options.actor,
        action: "area.rename",
        pool: area.pool,
        before: { name: before.name },
        after: { name },
      });
      return { area, changed: true };
    })
    .catch((error) => {
      throw translateNameClash(error, name);
    });
}

/** Deletes an empty extranet area. The primary area is never deleted. */
export async function deleteArea(options: { actor: Actor; areaId: string }, client: Db = defaultDb()) {
  const { areaId } = parseInput(z.object({ areaId: areaIdSchema }), options);
  return client.$transaction(async (tx) => {
    const area = await lockArea(tx, areaId);
    if (area.pool === "PRIMARY") throw new NotAllowedError(`"${area.name}" is the primary area: it can be renamed, but not deleted.`);
    // The area row is locked, and creating or moving an account into it reads it first; the
    // foreign key refuses the delete anyway if an account slipped in.
    const accounts = await tx.account.count({ where: { areaId } });
    if (accounts > 0) throw new AreaNotEmptyError(area.id, area.name, accounts);
    await tx.area.delete({ where: { id: areaId } });
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "area.delete",
      pool: area.pool,
      before: { name: area.name, pool: area.pool },
    });
    return area;
  });
}

async function lockArea(tx: Tx, areaId: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Area" WHERE id = ${areaId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new AreaNotFoundError(areaId);
  return tx.area.findUniqueOrThrow({ where: { id: areaId } });
}
