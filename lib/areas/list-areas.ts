import "server-only";
import { db as defaultDb, type Db } from "../db/client";

export type AreaSummary = {
  id: string;
  name: string;
  pool: "PRIMARY" | "EXTRANET";
  active: number;
  blocked: number;
  waiting: number;
};

/** Every area, primary first, with its active, blocked and waiting (for a seat) accounts. */
export async function listAreas(client: Db = defaultDb()): Promise<AreaSummary[]> {
  const [areas, counts] = await Promise.all([
    client.area.findMany({ orderBy: [{ pool: "asc" }, { nameKey: "asc" }], select: { id: true, name: true, pool: true } }),
    client.account.groupBy({ by: ["areaId", "state", "blockedReason"], _count: { _all: true } }),
  ]);
  return areas.map((area) => {
    const mine = counts.filter((c) => c.areaId === area.id);
    const sum = (match: (c: (typeof counts)[number]) => boolean) => mine.filter(match).reduce((n, c) => n + c._count._all, 0);
    return {
      ...area,
      active: sum((c) => c.state === "ACTIVE"),
      blocked: sum((c) => c.state === "BLOCKED"),
      waiting: sum((c) => c.state === "BLOCKED" && c.blockedReason === "NO_SEAT"),
    };
  });
}

/** Areas for pickers (create form, move, filters): id, name and pool. */
export async function listAreaChoices(client: Db = defaultDb()) {
  return client.area.findMany({ orderBy: [{ pool: "asc" }, { nameKey: "asc" }], select: { id: true, name: true, pool: true } });
}
