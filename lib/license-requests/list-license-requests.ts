import "server-only";
import { db as defaultDb, type Db } from "../db/client";

/** The latest license requests with their deliveries, newest first. */
export async function listLicenseRequests(options: { take?: number } = {}, client: Db = defaultDb()) {
  return client.licenseRequest.findMany({ orderBy: { createdAt: "desc" }, take: options.take ?? 20, include: { deliveries: true } });
}
