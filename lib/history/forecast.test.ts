import { describe, expect, it } from "vitest";
import { forecastFull } from "./forecast";

const DAY = 86_400_000;
const today = "2030-06-01";
/** Daily peaks for the `n` days before today, from a function of the day (-n … -1). */
const series = (n: number, peakOn: (x: number) => number) =>
  Array.from({ length: n }, (_, i) => {
    const x = i - n;
    return { day: new Date(Date.parse(`${today}T00:00:00Z`) + x * DAY).toISOString().slice(0, 10), peakUsed: Math.round(peakOn(x)) };
  });

describe("forecastFull", () => {
  it("a flat series never fills", () => {
    expect(forecastFull({ peaks: series(90, () => 40), limit: 50, used: 40, today })).toEqual({ kind: "not-expected", seatsPerWeek: 0 });
  });

  it("steady growth fills on the day the line meets the limit (within a day)", () => {
    // One seat every two days, at 40 today: 50 is reached in 20 days.
    const f = forecastFull({ peaks: series(90, (x) => 40 + x / 2), limit: 50, used: 40, today });
    expect(f.kind).toBe("fills");
    if (f.kind !== "fills") return;
    expect(Math.abs(f.daysUntilFull - 20)).toBeLessThanOrEqual(1);
    expect(Math.abs(Date.parse(f.date) - Date.parse("2030-06-21"))).toBeLessThanOrEqual(DAY);
    expect(f.seatsPerWeek).toBe(3.5);
  });

  it("a shrinking pool never fills", () => {
    expect(forecastFull({ peaks: series(90, (x) => 40 - x / 3), limit: 50, used: 40, today }).kind).toBe("not-expected");
  });

  it("a full pool is full, whatever the trend", () => {
    expect(forecastFull({ peaks: series(90, () => 50), limit: 50, used: 50, today })).toEqual({ kind: "full", limit: 50, used: 50 });
  });

  it("a jump is named with the trend it makes, and the count starts from today's level", () => {
    // Flat at 10 for 80 days, then 40 for the last 10: one day made the whole rise.
    const f = forecastFull({ peaks: series(90, (x) => (x < -10 ? 10 : 40)), limit: 50, used: 40, today });
    expect(f).toMatchObject({ kind: "fills", jump: { day: "2030-05-22", seats: 30 } });
    // The line through the peaks is below 40 today: the 10 free seats are counted from the 40 in use.
    if (f.kind !== "fills") return;
    const perDay = (weekly: number) => weekly / 7; // seatsPerWeek is rounded to 0.1
    expect(f.daysUntilFull).toBeGreaterThanOrEqual(Math.floor(10 / perDay(f.seatsPerWeek + 0.05)));
    expect(f.daysUntilFull).toBeLessThanOrEqual(Math.ceil(10 / perDay(f.seatsPerWeek - 0.05)));
  });

  it("steady growth has no jump to explain", () => {
    expect(forecastFull({ peaks: series(90, (x) => 40 + x / 2), limit: 50, used: 40, today })).not.toHaveProperty("jump");
  });

  it("claims nothing from less than two weeks of history", () => {
    expect(forecastFull({ peaks: series(5, (x) => 40 + x), limit: 50, used: 40, today })).toEqual({ kind: "no-data" });
  });
});
