import "server-only";
import { Readable } from "node:stream";
import { config } from "../config";
import { db as defaultDb, type Db } from "../db/client";
import type { Actor } from "../licensing";
import { selectAttributes } from "./attribute-selection";
import { listResponse, resourceTypes, schemas, serviceProviderConfig } from "./discovery";
import { routeGroups } from "./groups";
import { attributeSelectionFromUrl, listQueryFromSearchRequest, listQueryFromUrl, pagingFromUrl } from "./list-query";
import { notModified } from "./preconditions";
import { transportSecurityHeaders } from "../server/transport-security";
import { ScimError } from "./scim-error";
import { authenticateScimToken } from "./tokens";
import { readUserResource, USER_SCHEMA, type ScimUser } from "./user-resource";
import { createUser, deleteUser, getUser, listUsers, patchUser, replaceUser } from "./users";

export const SCIM_CONTENT_TYPE = "application/scim+json";
export const MAX_BODY_BYTES = 64 * 1024;
/** Replies shorter than this are sent uncompressed. */
export const SMALL_REPLY_CHARS = 4096;
/** A group's PUT or POST carries every member (about 60 bytes each): room for some 15,000. */
export const MAX_GROUP_BODY_BYTES = 1024 * 1024;

export type ScimRequest = {
  method: string;
  /** Path segments after /scim/v2. */
  segments: string[];
  url: URL;
  /** The request's headers (a fetch Headers, or the console's own server's, read alike). */
  headers: Pick<Headers, "get">;
  /** A web stream (the Next route), a Node request (the console's own server), or a test's text. */
  body: ReadableStream<Uint8Array> | Readable | string | null;
};

/**
 * What a SCIM request is answered with. The console's own server writes it to Node's response
 * as it is; the Next route makes a fetch Response of it (toWebResponse).
 */
export type ScimReply = { status: number; headers: Record<string, string>; body: string | null };

export function toWebResponse(reply: ScimReply): Response {
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

function json(status: number, body: unknown, extra: Record<string, string> = {}): ScimReply {
  const text = status === 204 ? null : JSON.stringify(body);
  return {
    status,
    body: text,
    headers: {
      // Exactly the media type: some clients compare it as a string (JSON is UTF-8 by definition).
      "content-type": SCIM_CONTENT_TYPE,
      // no-transform keeps Next's server from gzipping a small reply (one user, most of a
      // directory's calls): that cost more CPU than the rest of the request. Lists still are
      // (serve-scim-over-node.ts compresses them the same way).
      "cache-control": text !== null && text.length < SMALL_REPLY_CHARS ? "no-store, no-transform" : "no-store",
      ...transportSecurityHeaders(),
      ...extra,
    },
  };
}

/**
 * A body's chunks. Reading stopped early (a body over the limit) cancels a web stream, and leaves a
 * Node request as it is: destroying it would close the socket before the 413 goes out (the
 * server closes the connection after the reply instead).
 */
async function* chunksOf(body: ReadableStream<Uint8Array> | Readable): AsyncGenerator<Uint8Array> {
  if (body instanceof Readable) {
    yield* body.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>;
    return;
  }
  const reader = body.getReader();
  let ended = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
    ended = true;
  } finally {
    if (!ended) await reader.cancel();
  }
}

async function readBody(request: ScimRequest, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type")?.toLowerCase() ?? "";
  if (type && !/^application\/(scim\+)?json\b/.test(type)) {
    throw new ScimError(415, `Send the body as ${SCIM_CONTENT_TYPE}, not ${type.split(";")[0]}.`, "invalidSyntax");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new ScimError(413, `The body is larger than ${maxBytes} bytes.`);
  let text = "";
  if (typeof request.body === "string") text = request.body;
  else if (request.body) {
    const decoder = new TextDecoder();
    let size = 0;
    for await (const value of chunksOf(request.body)) {
      size += value.byteLength;
      if (size > maxBytes) throw new ScimError(413, `The body is larger than ${maxBytes} bytes.`);
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  }
  if (Buffer.byteLength(text) > maxBytes) throw new ScimError(413, `The body is larger than ${maxBytes} bytes.`);
  if (!text.trim()) throw new ScimError(400, "The request has no body.", "invalidSyntax");
  try {
    return JSON.parse(text);
  } catch {
    throw new ScimError(400, "The body is not valid JSON.", "invalidSyntax");
  }
}

/**
 * One SCIM request in, one response out: authentication, routing, body limits and errors. Its
 * callers only adapt a request to it (the Next route here; the console's own server,
 * serve-scim-over-node.ts, through answerScimRequest), so tests can drive it directly too.
 */
export async function handleScimRequest(request: ScimRequest, client: Db = defaultDb()): Promise<Response> {
  return toWebResponse(await answerScimRequest(request, client));
}

/** handleScimRequest's answer as a plain reply, for a server that writes it itself. */
export async function answerScimRequest(request: ScimRequest, client: Db = defaultDb()): Promise<ScimReply> {
  try {
    const token = await authenticateScimToken(request.headers.get("authorization"), client);
    if (!token) {
      return json(401, new ScimError(401, "A valid bearer token is required: create one in Admin > System > Directory.").toJSON(), {
        "www-authenticate": 'Bearer realm="seatkeeper-scim"',
      });
    }
    const actor: Actor = { id: null, label: `directory sync (${token.name})` };
    const { SEATKEEPER_URL } = config();
    const base = (SEATKEEPER_URL ? SEATKEEPER_URL.replace(/\/$/, "") : request.url.origin) + "/scim/v2";
    const [resource, id, ...rest] = request.segments;
    // HEAD is a GET without the body (the server drops it), as Next answers HEAD for a GET route.
    const asked = request.method.toUpperCase();
    const method = asked === "HEAD" ? "GET" : asked;
    const notAllowed = () => new ScimError(405, `${method} is not supported on /${request.segments.join("/")}.`);
    if (rest.length > 0 || !resource) throw new ScimError(404, "No such SCIM endpoint.");

    switch (resource.toLowerCase()) {
      case "serviceproviderconfig":
        if (method !== "GET" || id) throw notAllowed();
        return json(200, serviceProviderConfig(base));
      case "resourcetypes": {
        if (method !== "GET") throw notAllowed();
        const types = resourceTypes(base);
        if (!id) return json(200, listResponse(types, types.length, 1));
        const type = types.find((t) => t.id.toLowerCase() === id.toLowerCase());
        if (!type) throw new ScimError(404, `No resource type ${id}.`);
        return json(200, type);
      }
      case "schemas": {
        if (method !== "GET") throw notAllowed();
        const all = schemas(base);
        if (!id) return json(200, listResponse(all, all.length, 1));
        const schema = all.find((s) => s.id.toLowerCase() === decodeURIComponent(id).toLowerCase());
        if (!schema) throw new ScimError(404, `No schema ${id}.`);
        return json(200, schema);
      }
      case "users":
        break;
      case "groups":
        return await routeGroups(
          {
            method,
            id,
            url: request.url,
            baseUrl: base,
            actor,
            client,
            readBody: () => readBody(request, MAX_GROUP_BODY_BYTES),
            paging: () => pagingFromUrl(request.url),
            json,
          },
          request.headers.get("if-match"),
        );
      default:
        throw new ScimError(404, `No SCIM endpoint /${resource}.`);
    }

    const selection = attributeSelectionFromUrl(request.url);
    const user = (status: number, resource: ScimUser, extra: Record<string, string> = {}) =>
      json(status, selectAttributes(resource, selection, USER_SCHEMA), { etag: resource.meta.version, ...extra });
    const ifMatch = { ifMatch: request.headers.get("if-match") };
    if (!id) {
      if (method === "GET") return json(200, await listUsers(client, base, listQueryFromUrl(request.url)));
      if (method === "POST") {
        const created = await createUser(client, base, actor, readUserResource(await readBody(request)));
        return user(201, created, { location: created.meta.location });
      }
      throw notAllowed();
    }
    if (id === ".search") {
      if (method !== "POST") throw notAllowed();
      return json(200, await listUsers(client, base, listQueryFromSearchRequest(await readBody(request))));
    }
    switch (method) {
      case "GET": {
        const found = await getUser(client, base, id);
        if (notModified(request.headers.get("if-none-match"), found.meta.version)) {
          return { status: 304, body: null, headers: { etag: found.meta.version, "cache-control": "no-store" } };
        }
        return user(200, found);
      }
      case "PUT":
        return user(200, await replaceUser(client, base, actor, id, readUserResource(await readBody(request)), ifMatch));
      case "PATCH":
        return user(200, await patchUser(client, base, actor, id, await readBody(request), ifMatch));
      case "DELETE":
        await deleteUser(client, base, actor, id, ifMatch);
        return json(204, null);
      default:
        throw notAllowed();
    }
  } catch (error) {
    if (error instanceof ScimError) return json(error.status, error.toJSON());
    console.error("[scim] unexpected error", error);
    return json(
      500,
      new ScimError(500, "The service provider failed to handle this request; nothing was changed by the failing step.").toJSON(),
    );
  }
}
