import http from "node:http";
import type { Db } from "../../lib/db/client";
import { createScimToken } from "../../lib/scim/tokens";
import { actor } from "./context";

/** Request headers of a directory client: a bearer token made for the benchmark. */
export async function scimHeaders(db: Db): Promise<Record<string, string>> {
  const { token } = await createScimToken({ actor, name: "bench" }, db);
  return { authorization: `Bearer ${token}`, "content-type": "application/scim+json" };
}

/** Keep-alive connections per app process, as many as the calls in flight need. */
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/**
 * Closes the idle keep-alive connections, before a pause: the server closes a connection idle for
 * 5 s, and a call sent on it just as it does fails ("socket hang up"). A burst leaves 500 of them.
 */
export function closeIdleConnections(): void {
  for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
}

/**
 * One SCIM call over node:http. The load generator shares the machine's two cores with the app
 * processes and the database, and fetch (undici, web streams) cost it about twice the CPU per call.
 */
export function scimCall(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${base}/scim/v2/${path}`,
      { method, agent, headers: payload ? { ...headers, "content-length": String(payload.byteLength) } : headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}
