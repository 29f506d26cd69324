import type { AttributeSelection } from "./list-query";

// The `attributes` and `excludedAttributes` parameters (RFC 7644 3.4.2.5, 3.9), applied to a
// resource as it would be returned. id and schemas are always returned. Names are matched
// case-insensitively and may be qualified by the core schema URN or name an extension (whole,
// or one of its attributes).

type Resource = { schemas: string[]; id: string } & Record<string, unknown>;
type Target = { key: string; sub: string | null };

function keyIn(object: Record<string, unknown>, name: string): string | undefined {
  return Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
}

function targetOf(resource: Resource, coreSchema: string, text: string): Target | null {
  const whole = keyIn(resource, text);
  if (whole) return { key: whole, sub: null };
  const lower = text.toLowerCase();
  const extension = Object.keys(resource).find((k) => k.startsWith("urn:") && lower.startsWith(k.toLowerCase() + ":"));
  if (extension) return { key: extension, sub: text.slice(extension.length + 1) };
  const plain = lower.startsWith(coreSchema.toLowerCase() + ":") ? text.slice(coreSchema.length + 1) : text;
  const [top, ...rest] = plain.split(".");
  const key = keyIn(resource, top);
  return key ? { key, sub: rest.length ? rest.join(".") : null } : null;
}

function pick(value: unknown, sub: string, into: unknown): unknown {
  if (Array.isArray(value)) {
    const existing = Array.isArray(into) ? into : [];
    return value.map((entry, i) => pick(entry, sub, existing[i]));
  }
  if (typeof value !== "object" || value === null) return into;
  const object = value as Record<string, unknown>;
  const key = keyIn(object, sub);
  const base = typeof into === "object" && into !== null ? (into as Record<string, unknown>) : {};
  return key === undefined ? base : { ...base, [key]: object[key] };
}

function omit(value: unknown, sub: string): unknown {
  if (Array.isArray(value)) return value.map((entry) => omit(entry, sub));
  if (typeof value !== "object" || value === null) return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(Object.entries(object).filter(([k]) => k.toLowerCase() !== sub.toLowerCase()));
}

const ALWAYS = new Set(["id", "schemas"]);

export function selectAttributes<T extends Resource>(
  resource: T,
  selection: AttributeSelection,
  coreSchema: string,
): Partial<T> & Resource {
  let out: Record<string, unknown> = resource;
  if (selection.attributes) {
    out = { schemas: resource.schemas, id: resource.id };
    for (const text of selection.attributes) {
      const target = targetOf(resource, coreSchema, text);
      if (!target || ALWAYS.has(target.key)) continue;
      out[target.key] = target.sub === null ? resource[target.key] : pick(resource[target.key], target.sub, out[target.key]);
    }
  }
  if (selection.excludedAttributes) {
    out = { ...out };
    for (const text of selection.excludedAttributes) {
      const target = targetOf(resource, coreSchema, text);
      if (!target || ALWAYS.has(target.key) || !(target.key in out)) continue;
      if (target.sub === null) delete out[target.key];
      else out[target.key] = omit(out[target.key], target.sub);
    }
  }
  return out as Partial<T> & Resource;
}
