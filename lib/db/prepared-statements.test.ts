import { describe, expect, it } from "vitest";
import { preparedStatementName } from "./prepared-statements";

describe("preparedStatementName", () => {
  it("names only statements marked `-- prepared: <name>`, one name per text", () => {
    const a = preparedStatementName({ sql: "\n    -- prepared: find-user\n    SELECT 1 WHERE $1::int = 1" });
    const b = preparedStatementName({ sql: "\n    -- prepared: find-user\n    SELECT 2 WHERE $1::int = 1" });
    expect(a).toMatch(/^find-user-[0-9a-f]{12}$/);
    expect(b).toMatch(/^find-user-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(preparedStatementName({ sql: "\n    -- prepared: find-user\n    SELECT 1 WHERE $1::int = 1" })).toBe(a);
  });

  it("leaves every other statement unnamed, planned for its own values", () => {
    expect(preparedStatementName({ sql: 'SELECT * FROM "Account" WHERE id = $1' })).toBe("");
    expect(preparedStatementName({ sql: "SELECT 1 -- prepared: late-mark" })).toBe("");
  });
});
