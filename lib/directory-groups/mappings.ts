import "server-only";
import { z } from "zod";
import { db as defaultDb, type Db, type Tx } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { InvalidInputError, recordAuditEvent, type Actor } from "../licensing";
import { PRINTABLE, PRINTABLE_MESSAGE } from "../licensing/schemas";
import { parseInput } from "../licensing/validate";
import { applyGroupAreas, membersOfMatchingGroups, type GroupAreaOutcome } from "./group-areas";

// Group-to-area mappings (Admin > System > Directory sync > Groups and areas). Changing them
// re-decides the area of every member of the groups they match, through lib/licensing.

export const groupMatchSchema = z.enum(["DISPLAY_NAME", "EXTERNAL_ID"], "Choose how the group is matched.");

export const groupMappingSchema = z.object({
  groupName: z
    .string()
    .trim()
    .min(1, "Enter the group's name (or external id) as the directory sends it.")
    .max(256, "At most 256 characters.")
    .regex(PRINTABLE, PRINTABLE_MESSAGE),
  matchBy: groupMatchSchema.default("DISPLAY_NAME"),
  areaId: z.uuid("Choose an area."),
});

const mappingIdSchema = z.uuid("That mapping does not exist.");

/** What a mapping compares a group against: a lower-cased name, or an external id as is. */
export function matchKeyOf(matchBy: "DISPLAY_NAME" | "EXTERNAL_ID", groupName: string): string {
  return matchBy === "DISPLAY_NAME" ? groupName.toLowerCase() : groupName;
}

// One change at a time: ranks are read and rewritten, and two adds must not take the same rank.
async function lockMappings(tx: Tx) {
  await tx.$executeRaw`LOCK TABLE "GroupAreaMapping" IN SHARE ROW EXCLUSIVE MODE`;
}

const describe = (m: { matchBy: string; groupName: string; rank: number; area: { name: string } }) => ({
  group: m.groupName,
  matchBy: m.matchBy === "DISPLAY_NAME" ? "name" : "external id",
  area: m.area.name,
  rank: m.rank,
});

/** Every mapping in rank order, with its area and the group it matches (if the directory sent it yet). */
export async function listGroupMappings(client: Db = defaultDb()) {
  const mappings = await client.groupAreaMapping.findMany({
    orderBy: [{ rank: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    include: { area: { select: { id: true, name: true, pool: true } } },
  });
  const groups = await client.scimGroup.findMany({
    where: {
      OR: [
        { displayNameKey: { in: mappings.filter((m) => m.matchBy === "DISPLAY_NAME").map((m) => m.matchKey) } },
        { externalId: { in: mappings.filter((m) => m.matchBy === "EXTERNAL_ID").map((m) => m.matchKey) } },
      ],
    },
    select: { displayName: true, displayNameKey: true, externalId: true, _count: { select: { members: true } } },
  });
  return mappings.map((m) => {
    const group = groups.find((g) => (m.matchBy === "DISPLAY_NAME" ? g.displayNameKey === m.matchKey : g.externalId === m.matchKey));
    return {
      id: m.id,
      groupName: m.groupName,
      matchBy: m.matchBy,
      area: m.area,
      group: group ? { displayName: group.displayName, members: group._count.members } : null,
    };
  });
}

export type MappingChange = { outcome: GroupAreaOutcome };

/** Adds a mapping at the end of the order (the lowest priority). */
export async function addGroupMapping(
  options: { actor: Actor; groupName: string; matchBy?: "DISPLAY_NAME" | "EXTERNAL_ID"; areaId: string },
  client: Db = defaultDb(),
): Promise<MappingChange & { groupName: string; areaName: string }> {
  const input = parseInput(groupMappingSchema, options);
  const matchKey = matchKeyOf(input.matchBy, input.groupName);
  const created = await client
    .$transaction(async (tx) => {
      await lockMappings(tx);
      const area = await tx.area.findUnique({ where: { id: input.areaId } });
      if (!area) throw new InvalidInputError({ areaId: ["That area does not exist (it may have just been deleted)."] });
      const clash = await tx.groupAreaMapping.findUnique({ where: { matchBy_matchKey: { matchBy: input.matchBy, matchKey } } });
      if (clash) throw new InvalidInputError({ groupName: [`"${clash.groupName}" is already mapped: remove that mapping first.`] });
      const last = await tx.groupAreaMapping.aggregate({ _max: { rank: true } });
      const mapping = await tx.groupAreaMapping.create({
        data: { groupName: input.groupName, matchBy: input.matchBy, matchKey, areaId: area.id, rank: (last._max.rank ?? 0) + 1 },
        include: { area: true },
      });
      await recordAuditEvent(tx, { actor: options.actor, action: "directory.group_mapping", after: describe(mapping) });
      return mapping;
    })
    .catch((error) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
        throw new InvalidInputError({ groupName: [`"${input.groupName}" is already mapped.`] });
      throw error;
    });
  const members = await membersOfMatchingGroups(client, [created]);
  const outcome = await applyGroupAreas(client, options.actor, members, `group "${created.groupName}" is mapped to "${created.area.name}"`);
  return { outcome, groupName: created.groupName, areaName: created.area.name };
}

/** Removes a mapping. Its groups' members stay where they are unless another mapped group of theirs decides. */
export async function removeGroupMapping(options: { actor: Actor; id: string }, client: Db = defaultDb()): Promise<MappingChange | null> {
  const id = parseInput(mappingIdSchema, options.id);
  const removed = await client.$transaction(async (tx) => {
    await lockMappings(tx);
    const mapping = await tx.groupAreaMapping.findUnique({ where: { id }, include: { area: true } });
    if (!mapping) return null;
    await tx.groupAreaMapping.delete({ where: { id } });
    await recordAuditEvent(tx, { actor: options.actor, action: "directory.group_mapping", before: describe(mapping) });
    return mapping;
  });
  if (!removed) return null;
  const members = await membersOfMatchingGroups(client, [removed]);
  return { outcome: await applyGroupAreas(client, options.actor, members, `the mapping of group "${removed.groupName}" was removed`) };
}

/** Swaps a mapping with its neighbour above ("up", a higher priority) or below ("down"). */
export async function moveGroupMapping(
  options: { actor: Actor; id: string; direction: "up" | "down" },
  client: Db = defaultDb(),
): Promise<MappingChange | null> {
  const id = parseInput(mappingIdSchema, options.id);
  const swapped = await client.$transaction(async (tx) => {
    await lockMappings(tx);
    const all = await tx.groupAreaMapping.findMany({
      orderBy: [{ rank: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      include: { area: true },
    });
    const at = all.findIndex((m) => m.id === id);
    if (at < 0) return null;
    const other = options.direction === "up" ? at - 1 : at + 1;
    if (other < 0 || other >= all.length) return [];
    [all[at], all[other]] = [all[other], all[at]];
    // Ranks are rewritten 1..n: gaps left by removals go, and equal ranks cannot remain.
    for (const [index, mapping] of all.entries()) {
      if (mapping.rank !== index + 1) await tx.groupAreaMapping.update({ where: { id: mapping.id }, data: { rank: index + 1 } });
    }
    const moved = all[other];
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "directory.group_mapping",
      before: describe({ ...moved, rank: at + 1 }),
      after: describe({ ...moved, rank: other + 1 }),
    });
    return [all[at], all[other]];
  });
  if (swapped === null) return null;
  const members = await membersOfMatchingGroups(client, swapped);
  return { outcome: await applyGroupAreas(client, options.actor, members, "the order of the group mappings changed") };
}
