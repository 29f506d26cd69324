import "server-only";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { config } from "../config";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

// Prisma's CLI cannot fetch its native schema engine on a machine without internet (and then
// `prisma migrate` silently does nothing), so migrations run through the WASM build from npm.
// Its package entry point uses a WASM import Node 20 cannot load, hence the manual wiring.

const require = createRequire(import.meta.url);

type EngineRuntime = typeof import("@prisma/schema-engine-wasm") & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

let runtime: Promise<EngineRuntime> | undefined;

function loadRuntime(): Promise<EngineRuntime> {
  runtime ??= (async () => {
    // Without this registry a Rust panic inside the engine loses its message.
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = {
      set_message: (message: string) => console.error(`schema engine panic: ${message}`),
    };
    const rt = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as EngineRuntime;
    const jsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmBytes = await readFile(path.join(path.dirname(jsPath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(wasmBytes, { "./schema_engine_bg.js": rt as never });
    rt.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return rt;
  })();
  return runtime;
}

export const SCHEMA_PATH = path.resolve(process.cwd(), "prisma/schema.prisma");

export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schema: { path: string; content: string },
): Promise<SchemaEngine> {
  const rt = await loadRuntime();
  const log = (message: string) => {
    if (config().SEATKEEPER_DEBUG_MIGRATIONS) console.error(message);
  };
  return rt.SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, log, bindMigrationAwareSqlAdapterFactory(adapterFactory));
}
