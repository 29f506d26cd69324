import "server-only";
import { z } from "zod";
import { db as defaultDb, type Db } from "../db/client";

/** A person's latest console notifications and how many are unread (the bell on Admin › People). */
export async function getNotifications(recipientId: string, client: Db = defaultDb()) {
  const [items, unread] = await Promise.all([
    client.notification.findMany({ where: { recipientId }, orderBy: { createdAt: "desc" }, take: 20 }),
    client.notification.count({ where: { recipientId, readAt: null } }),
  ]);
  return { items, unread };
}

/** Marks a person's notifications read: the given ones, or all. Nobody marks another's. */
export async function markNotificationsRead(options: { recipientId: string; ids?: string[] }, client: Db = defaultDb()) {
  const ids = z.array(z.uuid()).max(200).optional().parse(options.ids);
  const { count } = await client.notification.updateMany({
    where: { recipientId: options.recipientId, readAt: null, ...(ids ? { id: { in: ids } } : {}) },
    data: { readAt: new Date() },
  });
  return count;
}
