import { describe, expect, it } from "vitest";
import { describeRange, overRuns, pointsInRange } from "./history-range";

const point = (day: string, used: number, limit: number, waiting = 0) => ({ day, used, endUsed: used, limit, waiting, over: used > limit });
const points = [
  point("2030-01-01", 3, 5),
  point("2030-01-02", 6, 5, 2),
  point("2030-01-03", 6, 5),
  point("2030-01-04", 4, 5),
  point("2030-01-05", 7, 5),
];

describe("the history chart's ranges", () => {
  it("keeps the last N days up to today", () => {
    expect(pointsInRange(points, "30d", "2030-01-05")).toHaveLength(5);
    // 30 days up to 2 February start on 4 January.
    expect(pointsInRange(points, "30d", "2030-02-02").map((p) => p.day)).toEqual(["2030-01-04", "2030-01-05"]);
    expect(pointsInRange(points, "all", "2031-01-01")).toHaveLength(5);
  });

  it("shades each run of days over the limit", () => {
    expect(overRuns(points)).toEqual([
      { from: "2030-01-02", to: "2030-01-03" },
      { from: "2030-01-05", to: "2030-01-05" },
    ]);
  });

  it("says what the range holds in words", () => {
    expect(describeRange(points, "30 days")).toBe(
      "Over the last 30 days: seats used between 3 and 7 (peak 7 on 5 January 2030), 7 of 5 today. Over the limit on 3 days; up to 2 accounts waiting for a seat.",
    );
    expect(describeRange([], "90 days")).toBe("No history in the last 90 days.");
  });
});
