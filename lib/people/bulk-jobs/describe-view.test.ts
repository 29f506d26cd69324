import { describe, expect, it } from "vitest";
import { describeView } from "./describe-view";

describe("a People view in words", () => {
  it("says everyone when nothing filters", () => expect(describeView({}, null)).toBe("everyone"));
  it("lists the filters in reading order", () => {
    expect(describeView({ state: "blocked", inactive: "90", area: "00000000-0000-4000-8000-000000000000", q: "smith" }, "Partners")).toBe(
      "blocked, inactive for more than 90 days, in Partners, matching “smith”",
    );
    expect(describeView({ inactive: "never", state: "waiting" }, null)).toBe("waiting for a seat, never signed in");
  });
});
