import type { IncomingMessage, ServerResponse } from "node:http";

// How Next's bundle hands its SCIM handler to the console's HTTP server (scripts/commands/serve.ts)
// in the same process: through globalThis, because the server and the bundle load their modules
// separately. This module imports nothing else, so the server loads no copy of lib through it.

/** The requests the handler takes: /scim/v2 and everything under it. */
export const SCIM_PATH = /^\/scim\/v2(?:[/?]|$)/;

export type NodeScimHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const shared = globalThis as unknown as { seatkeeperScimOverNode?: NodeScimHandler };

/** Called by instrumentation.ts, in the bundle. */
export function offerScimHandler(handler: NodeScimHandler): void {
  shared.seatkeeperScimOverNode = handler;
}

/** The handler for a /scim/v2 request, once the bundle has offered one (after app.prepare()). */
export function offeredScimHandler(): NodeScimHandler | undefined {
  return shared.seatkeeperScimOverNode;
}
