import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { addGroupMapping } from "../../lib/directory-groups/mappings";
import { recheckGroupAreas } from "../../lib/directory-groups/recheck-group-areas";
import { actor, type Apps, type BenchContext, type SeededAreas } from "./context";
import { log, type SectionResult } from "./measure";

const MEMBERS = 1_000;
const PER_CALL = 100;
const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/**
 * SCIM group membership: 1,000 primary-area people added to a group mapped to an extranet area,
 * in PATCH calls of 100 (each add moves them, through lib/licensing), then removed the same way
 * (no move: people in no mapped group stay). Over HTTP, alternating the two app processes.
 */
export async function measureScimGroups(
  { db }: BenchContext,
  areas: SeededAreas,
  apps: Apps,
  scimHeaders: Record<string, string>,
): Promise<SectionResult> {
  const failures: string[] = [];
  const people = await db.account.findMany({
    where: { state: "ACTIVE", area: { pool: "PRIMARY" }, isSysadmin: false, isPeopleAdmin: false },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: MEMBERS,
    select: { id: true },
  });
  const extranet = await db.seatPool.findUniqueOrThrow({ where: { pool: "EXTRANET" } });
  if (people.length < MEMBERS || extranet.seatLimit - extranet.activeCount < MEMBERS) {
    return { rows: [], notes: [], failures: [`SCIM groups: needs ${MEMBERS} active primary accounts and as many free extranet seats`] };
  }
  await addGroupMapping({ actor, groupName: "Bench partners", areaId: areas.partners.id }, db);

  const call = async (i: number, method: string, path: string, body: unknown) => {
    const response = await fetch(`${apps.bases[i % 2]}/scim/v2/${path}`, { method, headers: scimHeaders, body: JSON.stringify(body) });
    const text = await response.text();
    if (response.status >= 300) failures.push(`SCIM groups: ${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as { id: string }) : null;
  };
  const group = await call(0, "POST", "Groups", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName: "Bench partners",
  });
  if (!group) return { rows: [], notes: [], failures };
  const batches = Array.from({ length: MEMBERS / PER_CALL }, (_, b) => people.slice(b * PER_CALL, (b + 1) * PER_CALL));

  const addStart = performance.now();
  for (const [i, batch] of batches.entries()) {
    await call(i, "PATCH", `Groups/${group.id}?excludedAttributes=members`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "add", path: "members", value: batch.map((p) => ({ value: p.id })) }],
    });
  }
  const addS = (performance.now() - addStart) / 1000;
  const inPartners = await db.account.count({ where: { id: { in: people.map((p) => p.id) }, areaId: areas.partners.id, state: "ACTIVE" } });
  if (inPartners !== MEMBERS) failures.push(`SCIM groups: after the adds, ${inPartners} of ${MEMBERS} members are active in Partners`);

  const removeStart = performance.now();
  for (const [i, batch] of batches.entries()) {
    // Entra ID's form of remove: path "members" with the members as the value.
    await call(i, "PATCH", `Groups/${group.id}?excludedAttributes=members`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "Remove", path: "members", value: batch.map((p) => ({ value: p.id })) }],
    });
  }
  const removeS = (performance.now() - removeStart) / 1000;
  const left = await db.scimGroupMember.count({ where: { groupId: group.id } });
  if (left !== 0) failures.push(`SCIM groups: ${left} members left after the removals`);
  const stayed = await db.account.count({ where: { id: { in: people.map((p) => p.id) }, areaId: areas.partners.id, state: "ACTIVE" } });
  if (stayed !== MEMBERS) failures.push(`SCIM groups: after the removals, ${stayed} of ${MEMBERS} stayed in Partners (all should)`);
  for (const pool of await seatCountersAgainstRealCounts(db)) {
    if (pool.counter !== pool.real) failures.push(`SCIM groups: ${pool.pool}'s counter is ${pool.counter}, real ${pool.real}`);
  }
  log("SCIM group membership measured");
  const recheck = await measureRecheck(db, areas, people, failures);
  return {
    rows: [],
    notes: [
      recheck,
      `SCIM group membership: ${MEMBERS.toLocaleString("en")} members added to a group mapped to an extranet area in ${MEMBERS / PER_CALL} PATCH calls of ${PER_CALL} ` +
        `(each member moved from the primary area through lib/licensing, in transactions of 50) in ${addS.toFixed(1)} s: ${(MEMBERS / addS).toFixed(0)} members/s; ` +
        `removed in calls of ${PER_CALL} (Entra's form; nobody moves) in ${removeS.toFixed(1)} s: ${(MEMBERS / removeS).toFixed(0)} members/s. ` +
        `Afterwards ${stayed} of ${MEMBERS} active in Partners, seat counters equal to real counts.`,
    ],
    failures,
  };
}

/**
 * The periodic re-check of group-decided areas (lib/directory-groups/recheck-group-areas.ts): one
 * run over every primary-area account, all in a group mapped to the primary area (nobody to move:
 * the cost of the scan), then the same 1,000 people in a group whose mapping to Suppliers was
 * written without its moves (all to move), then a second run (idempotent: nobody moves). Groups
 * and mappings are removed afterwards, moving nobody.
 */
async function measureRecheck(db: BenchContext["db"], areas: SeededAreas, people: { id: string }[], failures: string[]) {
  const everyone = await db.scimGroup.create({ data: { displayName: "Bench intranet", displayNameKey: "bench intranet" } });
  const members = await db.$executeRaw`
    INSERT INTO "ScimGroupMember" ("groupId", "accountId")
    SELECT ${everyone.id}::uuid, a.id FROM "Account" a WHERE a."areaId" = ${areas.intranet.id}::uuid`;
  const last = await db.groupAreaMapping.aggregate({ _max: { rank: true } });
  let rank = (last._max.rank ?? 0) + 1;
  await db.groupAreaMapping.create({
    data: { groupName: "Bench intranet", matchBy: "DISPLAY_NAME", matchKey: "bench intranet", areaId: areas.intranet.id, rank: rank++ },
  });
  await db.$executeRaw`ANALYZE "ScimGroupMember"`;
  const scanStart = performance.now();
  const idle = await recheckGroupAreas(db, actor);
  const scanS = (performance.now() - scanStart) / 1000;
  if (idle.misplaced !== 0) failures.push(`Group areas re-check: ${idle.misplaced} misplaced where none should be`);

  await db.scimGroup.create({
    data: {
      displayName: "Bench recheck",
      displayNameKey: "bench recheck",
      members: { createMany: { data: people.map((p) => ({ accountId: p.id })) } },
    },
  });
  await db.groupAreaMapping.create({
    data: { groupName: "Bench recheck", matchBy: "DISPLAY_NAME", matchKey: "bench recheck", areaId: areas.suppliers.id, rank: 0 },
  });
  const moveStart = performance.now();
  const moving = await recheckGroupAreas(db, actor);
  const moveS = (performance.now() - moveStart) / 1000;
  if (moving.moved !== people.length) failures.push(`Group areas re-check: moved ${moving.moved} of ${people.length}`);
  const again = await recheckGroupAreas(db, actor);
  if (again.moved + again.waiting !== 0) failures.push(`Group areas re-check: a second run moved ${again.moved + again.waiting}`);
  await db.groupAreaMapping.deleteMany({ where: { matchKey: { in: ["bench intranet", "bench recheck"] } } });
  await db.scimGroup.deleteMany({ where: { displayNameKey: { in: ["bench intranet", "bench recheck"] } } });
  for (const pool of await seatCountersAgainstRealCounts(db)) {
    if (pool.counter !== pool.real) failures.push(`Group areas re-check: ${pool.pool}'s counter is ${pool.counter}, real ${pool.real}`);
  }
  log("group areas re-check measured");
  return (
    `Group areas re-check: a run over ${members.toLocaleString("en")} members of a mapped group, none misplaced, in ${scanS.toFixed(2)} s ` +
    `(${idle.checked.toLocaleString("en")} checked in batches of 1,000); with ${people.length.toLocaleString("en")} of them in a group whose mapping was ` +
    `written without its moves, the run moved ${moving.moved.toLocaleString("en")} in ${moveS.toFixed(1)} s; a second run moved ${again.moved}.`
  );
}
