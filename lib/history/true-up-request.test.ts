import { expect, it } from "vitest";
import { parseTrueUpRequest } from "./true-up-request";

it("reads a true-up period from a URL, with the last 12 months by default and a sentence for each problem", () => {
  expect(parseTrueUpRequest({}, "2026-11-29")).toEqual({ ok: true, request: { from: "2025-11-30", to: "2026-11-29" } });
  expect(parseTrueUpRequest({ from: "2026-01-01", to: "2026-03-31" }, "2026-11-29")).toEqual({
    ok: true,
    request: { from: "2026-01-01", to: "2026-03-31" },
  });
  expect(parseTrueUpRequest({ from: "2026-02-30", to: "2026-03-31" }, "2026-11-29")).toMatchObject({
    ok: false,
    problems: ["The first day is not a real date."],
  });
  expect(parseTrueUpRequest({ from: "2026-05-01", to: "2026-03-31" }, "2026-11-29")).toMatchObject({
    ok: false,
    fieldErrors: { to: ["The first day must come before the last."] },
  });
  expect(parseTrueUpRequest({ from: "yesterday" }, "2026-11-29")).toMatchObject({
    ok: false,
    problems: ["The first day must be a date like 2026-01-31.", "Give the last day."],
  });
});
