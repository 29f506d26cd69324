import { expect, it } from "vitest";
import { benchmarksMarkdown } from "./report";

it("writes one size's table and keeps the other's, smallest first", () => {
  const first = benchmarksMarkdown(null, 1_000_000, "## 1,000,000 accounts\n\nmillion v1\n");
  const both = benchmarksMarkdown(first, 100_000, "## 100,000 accounts\n\nhundred v1\n");
  expect(both.indexOf("hundred v1")).toBeGreaterThan(0);
  expect(both.indexOf("hundred v1")).toBeLessThan(both.indexOf("million v1"));
  const again = benchmarksMarkdown(both, 1_000_000, "## 1,000,000 accounts\n\nmillion v2\n");
  expect(again).toContain("hundred v1");
  expect(again).toContain("million v2");
  expect(again).not.toContain("million v1");
  expect(benchmarksMarkdown(again, 1_000_000, "## 1,000,000 accounts\n\nmillion v2\n")).toBe(again);
});
