// A Node resolve hook (registered by register-server-only.mjs): "server-only" resolves as Next
// resolves it for server code, through its "react-server" condition, to the package's empty
// entry. Its default entry throws, which is right in a browser bundle and wrong in our commands,
// which run the same server-side lib modules in plain Node. Every other import is left alone.
export async function resolve(specifier, context, nextResolve) {
  if (specifier !== "server-only") return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
}
