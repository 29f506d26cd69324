import { describe, expect, it } from "vitest";
import { selectAttributes } from "./attribute-selection";

const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const EXT = "urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User";
const user = {
  schemas: [CORE, EXT],
  id: "1",
  userName: "jane",
  name: { givenName: "Jane", familyName: "Doe" },
  emails: [
    { value: "a@x", type: "work", primary: true },
    { value: "b@x", type: "home" },
  ],
  [EXT]: { area: "Intranet", pool: "primary" },
  meta: { resourceType: "User", version: 'W/"1"' },
};
const none = { attributes: null, excludedAttributes: null };

describe("attributes and excludedAttributes", () => {
  it("returns the resource as it is when neither is given", () => {
    expect(selectAttributes(user, none, CORE)).toBe(user);
  });

  it("keeps only the named attributes, sub-attributes and extension attributes, with id and schemas", () => {
    expect(selectAttributes(user, { ...none, attributes: ["USERNAME", "name.familyName", "emails.value", "emails.type"] }, CORE)).toEqual({
      schemas: user.schemas,
      id: "1",
      userName: "jane",
      name: { familyName: "Doe" },
      emails: [
        { value: "a@x", type: "work" },
        { value: "b@x", type: "home" },
      ],
    });
    expect(selectAttributes(user, { ...none, attributes: [`${CORE}:userName`, `${EXT}:area`, "nothing"] }, CORE)).toEqual({
      schemas: user.schemas,
      id: "1",
      userName: "jane",
      [EXT]: { area: "Intranet" },
    });
    expect(selectAttributes(user, { ...none, attributes: [EXT] }, CORE)).toEqual({ schemas: user.schemas, id: "1", [EXT]: user[EXT] });
  });

  it("drops the excluded ones but never id or schemas", () => {
    const out = selectAttributes(
      user,
      { ...none, excludedAttributes: ["id", "schemas", "meta", "emails.primary", `${EXT}:pool`, "Name"] },
      CORE,
    );
    expect(out).toEqual({
      schemas: user.schemas,
      id: "1",
      userName: "jane",
      emails: [
        { value: "a@x", type: "work" },
        { value: "b@x", type: "home" },
      ],
      [EXT]: { area: "Intranet" },
    });
    expect(user.meta).toBeDefined(); // the original is untouched
  });
});
