import { describe, expect, it } from "vitest";
import { summariseDays } from "./seat-days";

const at = (iso: string) => new Date(iso);

describe("summariseDays", () => {
  it("counts the level a day starts with, carries quiet days, and marks moments over the limit", () => {
    const { days, end } = summariseDays({
      pool: "PRIMARY",
      start: { used: 2, waiting: 0, limit: 3 },
      firstDay: "2030-01-01",
      lastDay: "2030-01-04",
      changes: [
        { at: at("2030-01-01T09:00:00Z"), usedDelta: 1, waitingDelta: 0, seatLimit: 3 },
        { at: at("2030-01-01T10:00:00Z"), usedDelta: 0, waitingDelta: 1, seatLimit: null },
        { at: at("2030-01-02T08:00:00Z"), usedDelta: -2, waitingDelta: 0, seatLimit: 3 },
        // Jan 3 is quiet. Jan 4: the license is lowered below the seats in use, then one leaves.
        { at: at("2030-01-04T12:00:00Z"), usedDelta: 0, waitingDelta: 0, seatLimit: 0 },
        { at: at("2030-01-04T13:00:00Z"), usedDelta: -1, waitingDelta: -1, seatLimit: 0 },
        { at: at("2030-01-05T13:00:00Z"), usedDelta: 5, waitingDelta: 0, seatLimit: 9 },
      ],
    });
    expect(days.map((d) => [d.day, d.peakUsed, d.endUsed, d.minLimit, d.endLimit, d.peakWaiting, d.endWaiting, d.overLimit])).toEqual([
      ["2030-01-01", 3, 3, 3, 3, 1, 1, false],
      ["2030-01-02", 3, 1, 3, 3, 1, 1, false],
      ["2030-01-03", 1, 1, 3, 3, 1, 1, false],
      ["2030-01-04", 1, 0, 0, 0, 1, 0, true],
    ]);
    expect(end).toEqual({ used: 0, waiting: 0, limit: 0 });
  });
});
