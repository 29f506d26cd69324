import "server-only";
import type { Db } from "../db/client";
import type { AccountState, BlockReason, Pool } from "../generated/prisma/enums";
import type { DirectoryContents, DirectoryPerson, EntryProblem } from "./read-directory";
import { getSeatStatistics } from "../licensing/seat-statistics";

/** An LDAP account as the plan needs it. */
export type SyncedAccount = {
  id: string;
  username: string;
  email: string;
  givenName: string;
  familyName: string;
  externalId: string | null;
  areaId: string;
  state: AccountState;
  blockedReason: BlockReason | null;
  pool: Pool;
};

export type ProfileChanges = Partial<Pick<DirectoryPerson, "username" | "email" | "givenName" | "familyName">>;

/** What a sync run does, in its order: create, update, block, move, re-enable, then activate. */
export type SyncPlan = {
  creates: (DirectoryPerson & { areaId: string })[];
  updates: { account: SyncedAccount; changes: ProfileChanges }[];
  blocks: { account: SyncedAccount; why: "disabled" | "gone" | "out of scope" }[];
  moves: { account: SyncedAccount; areaId: string }[];
  reenables: { account: SyncedAccount }[];
  /** People the plan cannot sync (an account not from LDAP holds their user name…). */
  conflicts: EntryProblem[];
};

/** The counts a run reports, and a preview forecasts. */
export type SyncCounts = {
  entries: number;
  created: number;
  createdWaiting: number;
  updated: number;
  moved: number;
  reactivated: number;
  blocked: number;
  activated: number;
  skipped: number;
};

const CHUNK = 5000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export async function loadSyncedAccounts(client: Db): Promise<SyncedAccount[]> {
  const rows = await client.account.findMany({
    where: { source: "LDAP" },
    select: {
      id: true,
      username: true,
      email: true,
      givenName: true,
      familyName: true,
      externalId: true,
      areaId: true,
      state: true,
      blockedReason: true,
      area: { select: { pool: true } },
    },
  });
  return rows.map(({ area, ...row }) => ({ ...row, pool: area.pool }));
}

/**
 * Compares the directory with the accounts synced from it. Reads only: the user names, e-mail
 * addresses and ids the plan would write are checked against every other account first, so a
 * clash is a reported skip, the same in a preview and in the run.
 */
export async function planSync(client: Db, directory: DirectoryContents, accounts: SyncedAccount[]): Promise<SyncPlan> {
  const plan: SyncPlan = { creates: [], updates: [], blocks: [], moves: [], reenables: [], conflicts: [] };
  const byExternalId = new Map(accounts.filter((a) => a.externalId).map((a) => [a.externalId!, a]));
  const wanted: { person: DirectoryPerson; account: SyncedAccount | null; changes: ProfileChanges }[] = [];

  for (const person of directory.people.values()) {
    const account = byExternalId.get(person.externalId) ?? null;
    if (!account) {
      if (!person.disabled && person.areaId) wanted.push({ person, account: null, changes: {} });
      continue;
    }
    const changes: ProfileChanges = {};
    for (const field of ["username", "email", "givenName", "familyName"] as const) {
      if (account[field] !== person[field]) changes[field] = person[field];
    }
    wanted.push({ person, account, changes });
  }

  // Who else holds the names and ids that would be written.
  const names = wanted.flatMap((w) => (w.account ? [w.changes.username].filter((v): v is string => Boolean(v)) : [w.person.username]));
  const emails = wanted.flatMap((w) => (w.account ? [w.changes.email].filter((v): v is string => Boolean(v)) : [w.person.email]));
  const ids = wanted.filter((w) => !w.account).map((w) => w.person.externalId);
  const holders = { username: new Map<string, string>(), email: new Map<string, string>(), externalId: new Map<string, string>() };
  for (const [field, values] of [
    ["username", names],
    ["email", emails],
    ["externalId", ids],
  ] as const) {
    for (const part of chunks(values)) {
      const rows = await client.account.findMany({ where: { [field]: { in: part } }, select: { id: true, [field]: true } });
      for (const row of rows as unknown as Record<string, string>[]) holders[field].set(row[field], row.id);
    }
  }
  const takenBy = (field: "username" | "email" | "externalId", value: string, self: string | null) => {
    const holder = holders[field].get(value);
    return holder !== undefined && holder !== self;
  };

  for (const { person, account, changes } of wanted) {
    const self = account?.id ?? null;
    const clash = takenBy("username", person.username, self)
      ? `its user name ${person.username} belongs to another account`
      : takenBy("email", person.email, self)
        ? `its e-mail address ${person.email} belongs to another account`
        : !account && takenBy("externalId", person.externalId, null)
          ? `its id ${person.externalId} belongs to an account not synced from LDAP`
          : null;
    if (clash && (!account || changes.username || changes.email)) {
      plan.conflicts.push({ dn: person.dn, problem: `${clash}: not synced until that is resolved` });
      continue;
    }
    if (!account) {
      plan.creates.push(person as DirectoryPerson & { areaId: string });
      continue;
    }
    if (Object.keys(changes).length) plan.updates.push({ account, changes });
    const leaves = person.disabled ? "disabled" : !person.areaId ? "out of scope" : null;
    if (leaves) {
      if (canBlock(account)) plan.blocks.push({ account, why: leaves });
      continue;
    }
    if (person.areaId !== account.areaId) plan.moves.push({ account, areaId: person.areaId! });
    if (account.state === "BLOCKED" && account.blockedReason === "DIRECTORY") plan.reenables.push({ account });
  }

  for (const account of accounts) {
    if (!account.externalId || directory.people.has(account.externalId) || directory.skippedIds.has(account.externalId)) continue;
    if (canBlock(account)) plan.blocks.push({ account, why: "gone" });
  }
  return plan;
}

/** Blocked by hand or already by the directory: a directory block changes nothing. */
function canBlock(account: SyncedAccount): boolean {
  return !(account.state === "BLOCKED" && (account.blockedReason === "DIRECTORY" || account.blockedReason === "ADMIN"));
}

/**
 * What a run of this plan will count, without writing: the same steps on counters (free seats
 * and waiting accounts per pool, each account's state), as lib/licensing applies them.
 */
export async function forecastCounts(client: Db, plan: SyncPlan, directory: DirectoryContents): Promise<SyncCounts> {
  // The seats free and the accounts waiting per pool, as lib/licensing counts them.
  const pools = await getSeatStatistics(client);
  const free = new Map<Pool, number>(pools.map((p) => [p.pool, p.remaining]));
  const waiting = new Map<Pool, number>(pools.map((p) => [p.pool, p.waiting]));
  const areas = await client.area.findMany({ select: { id: true, pool: true } });
  const poolOf = new Map(areas.map((a) => [a.id, a.pool]));
  const add = (map: Map<Pool, number>, pool: Pool, n: number) => map.set(pool, (map.get(pool) ?? 0) + n);
  const state = new Map<string, { state: AccountState; reason: BlockReason | null; pool: Pool }>();
  const of = (a: SyncedAccount) => state.get(a.id) ?? state.set(a.id, { state: a.state, reason: a.blockedReason, pool: a.pool }).get(a.id)!;

  const counts: SyncCounts = {
    entries: directory.entries,
    created: plan.creates.length,
    createdWaiting: 0,
    updated: plan.updates.length,
    moved: plan.moves.length,
    reactivated: plan.reenables.length,
    blocked: plan.blocks.length,
    activated: 0,
    skipped: directory.problemCount + plan.conflicts.length,
  };
  for (const person of plan.creates) {
    const pool = poolOf.get(person.areaId)!;
    if ((free.get(pool) ?? 0) > 0) add(free, pool, -1);
    else {
      counts.createdWaiting++;
      add(waiting, pool, 1);
    }
  }
  for (const { account } of plan.blocks) {
    const s = of(account);
    if (s.state === "ACTIVE") add(free, s.pool, 1);
    if (s.reason === "NO_SEAT") add(waiting, s.pool, -1);
    Object.assign(s, { state: "BLOCKED", reason: "DIRECTORY" });
  }
  for (const { account, areaId } of plan.moves) {
    const s = of(account);
    const to = poolOf.get(areaId)!;
    if (to === s.pool) continue;
    if (s.state === "ACTIVE") {
      add(free, s.pool, 1);
      if ((free.get(to) ?? 0) > 0) add(free, to, -1);
      else {
        add(waiting, to, 1);
        Object.assign(s, { state: "BLOCKED", reason: "NO_SEAT" });
      }
    } else if (s.reason === "NO_SEAT") {
      add(waiting, s.pool, -1);
      add(waiting, to, 1);
    }
    s.pool = to;
  }
  for (const { account } of plan.reenables) {
    const s = of(account);
    if ((free.get(s.pool) ?? 0) > 0) add(free, s.pool, -1);
    else add(waiting, s.pool, 1);
  }
  for (const pool of free.keys()) counts.activated += Math.min(free.get(pool) ?? 0, waiting.get(pool) ?? 0);
  return counts;
}

const VERBS = {
  future: { create: "create", update: "update", move: "move", reenable: "re-enable", block: "block", activate: "activate" },
  past: { create: "created", update: "updated", move: "moved", reenable: "re-enabled", block: "blocked", activate: "activated" },
};

/** "create 12 (4 of them waiting for a seat), update 30, block 3" (a preview puts "Would " first). */
export function describeCounts(counts: SyncCounts, tense: "future" | "past"): string {
  const v = VERBS[tense];
  const parts = [
    `${v.create} ${counts.created}${counts.createdWaiting ? ` (${counts.createdWaiting} of them waiting for a seat)` : ""}`,
    `${v.update} ${counts.updated}`,
    ...(counts.moved ? [`${v.move} ${counts.moved} to another area`] : []),
    ...(counts.reactivated ? [`${v.reenable} ${counts.reactivated}`] : []),
    `${v.block} ${counts.blocked}`,
    ...(counts.activated ? [`${v.activate} ${counts.activated} waiting`] : []),
  ];
  const skipped = counts.skipped ? `; ${counts.skipped} entr${counts.skipped === 1 ? "y" : "ies"} skipped` : "";
  return `${parts.join(", ")}${skipped} (${counts.entries} entr${counts.entries === 1 ? "y" : "ies"} read)`;
}
