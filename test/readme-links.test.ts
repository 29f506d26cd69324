import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

// A fresh clone shows the README as written: every file it links to or shows must be in the repository.
it("every local file the README links to exists", () => {
  const readme = readFileSync("README.md", "utf8");
  const targets = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^(https?:|mailto:)/.test(target) && !target.startsWith("../shared/"));
  expect(targets.length).toBeGreaterThan(10);
  expect(targets.filter((target) => !existsSync(path.resolve(target)))).toEqual([]);
});
