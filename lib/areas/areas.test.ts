import Papa from "papaparse";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, person, type TestDatabase } from "../../test/database";
import { applyLicense, createAccount, moveAccount, AreaNotEmptyError, NotAllowedError, SeatLimitError, type Actor } from "../licensing";
import { checkImport, guessMapping, readImportFile } from "../people/import/csv-import";
import { handleScimRequest } from "../scim/handle-request";
import { createScimToken } from "../scim/tokens";
import { findAreaByName } from "./find-area";
import { listAreas } from "./list-areas";
import { createExtranetArea, deleteArea, ensurePrimaryArea, renameArea } from "./manage-areas";

const actor: Actor = { id: null, label: "people admin" };
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await applyLicense(
    { actor, terms: { siteId: "s", licenseId: "L", licensee: "T", issuedAt: new Date(), maxUsers: 10, maxExtranetUsers: 1 } },
    t.db,
  );
});
afterAll(async () => t.close());

it("the primary area is created once, and can be renamed but not deleted", async () => {
  const primary = await ensurePrimaryArea({ actor, name: "Intranet" }, t.db);
  expect(await ensurePrimaryArea({ actor, name: "Another" }, t.db)).toMatchObject({ id: primary.id, name: "Intranet" });
  await renameArea({ actor, areaId: primary.id, name: "Our intranet" }, t.db);
  await expect(deleteArea({ actor, areaId: primary.id }, t.db)).rejects.toThrow(NotAllowedError);
  await expect(deleteArea({ actor, areaId: primary.id }, t.db)).rejects.toThrow(/primary area: it can be renamed, but not deleted/);
  expect(await t.db.area.count({ where: { pool: "PRIMARY" } })).toBe(1);
});

it("names are unique without regard to case, checked on create and rename, and audited", async () => {
  const partners = await createExtranetArea({ actor, name: "Partners" }, t.db);
  expect(partners.pool).toBe("EXTRANET");
  await expect(createExtranetArea({ actor, name: "  PARTNERS " }, t.db)).rejects.toThrow(/already exists/);
  await expect(createExtranetArea({ actor, name: "" }, t.db)).rejects.toThrow(/Enter a name/);
  await expect(createExtranetArea({ actor, name: "x".repeat(61) }, t.db)).rejects.toThrow(/At most 60/);
  await expect(createExtranetArea({ actor, name: "bad\u0000name" }, t.db)).rejects.toThrow(/printable/);
  const suppliers = await createExtranetArea({ actor, name: "Suppliers" }, t.db);
  await expect(renameArea({ actor, areaId: suppliers.id, name: "partners" }, t.db)).rejects.toThrow(/already exists/);
  await renameArea({ actor, areaId: suppliers.id, name: "Vendors" }, t.db);
  // A rename that only changes case is fine.
  await renameArea({ actor, areaId: suppliers.id, name: "VENDORS" }, t.db);
  const events = await t.db.auditEvent.findMany({ where: { action: { startsWith: "area." } }, orderBy: { id: "asc" } });
  expect(events.map((e) => e.action)).toEqual(["area.create", "area.rename", "area.create", "area.create", "area.rename", "area.rename"]);
  expect(events.at(-1)).toMatchObject({ before: { name: "Vendors" }, after: { name: "VENDORS" } });
});

it("an area is deleted only when empty, and the refusal says how many accounts are in it", async () => {
  const empty = await createExtranetArea({ actor, name: "Temporary" }, t.db);
  await deleteArea({ actor, areaId: empty.id }, t.db);
  expect(await t.db.area.findUnique({ where: { id: empty.id } })).toBeNull();
  const busy = await createExtranetArea({ actor, name: "Busy" }, t.db);
  await createAccount({ actor, source: "FORM", account: person(busy.id) }, t.db);
  await createAccount({ actor, source: "FORM", account: person(busy.id), blocked: { reason: "ADMIN" } }, t.db);
  const refusal = await deleteArea({ actor, areaId: busy.id }, t.db).catch((e) => e);
  expect(refusal).toBeInstanceOf(AreaNotEmptyError);
  expect(refusal).toMatchObject({ accountCount: 2, areaId: busy.id });
  expect(refusal.message).toMatch(/still holds 2 accounts/);
  const summary = (await listAreas(t.db)).find((a) => a.id === busy.id);
  expect(summary).toMatchObject({ active: 1, blocked: 1, waiting: 0, pool: "EXTRANET" });
});

it("a move into a new extranet area needs a seat in the extranet pool", async () => {
  const primary = (await t.db.area.findFirstOrThrow({ where: { pool: "PRIMARY" } })).id;
  const guests = await createExtranetArea({ actor, name: "Guests" }, t.db);
  const a = await createAccount({ actor, source: "FORM", account: person(primary) }, t.db);
  // The one extranet seat is taken by the active account in "Busy".
  await expect(moveAccount({ actor, accountId: a.id, areaId: guests.id }, t.db)).rejects.toThrow(SeatLimitError);
  await expect(moveAccount({ actor, accountId: a.id, areaId: guests.id }, t.db)).rejects.toThrow(/No free seat in the extranet/);
  expect((await t.db.account.findUniqueOrThrow({ where: { id: a.id } })).areaId).toBe(primary);
});

it("looks areas up by exact name: % _ and \\ are plain characters", async () => {
  await createExtranetArea({ actor, name: "S_ppl%" }, t.db).catch(() => undefined);
  const partners = await findAreaByName("partners", t.db);
  expect(partners?.name).toBe("Partners");
  expect(await findAreaByName("P_rtners", t.db)).toBeNull();
  expect(await findAreaByName("Part%", t.db)).toBeNull();
  expect(await findAreaByName("Partners\\", t.db)).toBeNull();
  expect((await findAreaByName("s_PPL%", t.db))?.name).toBe("S_ppl%");
});

it("a new or renamed area is usable at once by CSV import and by SCIM's area attribute", async () => {
  const area = await createExtranetArea({ actor, name: "Contractors" }, t.db);
  const table = readImportFile(
    Papa.unparse([
      ["Username", "E-mail", "First name", "Last name", "Area"],
      ["c.one", "c.one@example.test", "C", "One", "contractors"],
      ["c.two", "c.two@example.test", "C", "Two", "Nowhere"],
    ]),
  );
  const checked = await checkImport(table, guessMapping(table.headers), t.db);
  expect(checked[0].errors).toEqual([]);
  expect(checked[1].errors).toContain('Unknown area "Nowhere".');
  await renameArea({ actor, areaId: area.id, name: "Freelancers" }, t.db);

  const { token } = await createScimToken({ actor, name: "Okta" }, t.db);
  const post = (areaName: string, n: string) =>
    handleScimRequest(
      {
        method: "POST",
        segments: ["Users"],
        url: new URL("http://127.0.0.1/scim/v2/Users"),
        headers: new Headers({ authorization: `Bearer ${token}`, "content-type": "application/scim+json" }),
        body: JSON.stringify({
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
          userName: `scim.${n}@example.test`,
          name: { givenName: "S", familyName: n },
          emails: [{ value: `scim.${n}@example.test`, primary: true }],
          active: false,
          "urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User": { area: areaName },
        }),
      },
      t.db,
    );
  const created = await post("freelancers", "one");
  expect(created.status).toBe(201);
  expect((await t.db.account.findUniqueOrThrow({ where: { username: "scim.one@example.test" }, include: { area: true } })).area.name).toBe(
    "Freelancers",
  );
  expect((await post("Contractors", "two")).status).toBe(400);
});
