import { expect, it } from "vitest";
import { objectGuidLdif } from "../../test/ldap/test-directory";
import { escapeFilterValue, formatObjectGuid, normalizeDn } from "./read-directory";
import { filterProblem, LDAP_PRESETS, ldapSettingsFormSchema } from "./settings-schema";

const area = "11111111-1111-4111-8111-111111111111";
const form = {
  url: "ldaps://dc1.example.com",
  caCertificate: "",
  bindDn: "CN=Seatkeeper,OU=Service,DC=example,DC=com",
  bindPassword: "",
  baseDn: "OU=Staff,DC=example,DC=com",
  preset: "ACTIVE_DIRECTORY",
  ...LDAP_PRESETS.ACTIVE_DIRECTORY,
  disabledByUserAccountControl: "on",
  areaMode: "GROUPS",
  "areaRules.1.areaId": area,
  "areaRules.1.match": "CN=Partners,OU=Groups,DC=example,DC=com",
  "areaRules.0.areaId": "",
  "areaRules.0.match": "",
  defaultAreaId: "",
  scheduleMinutes: "60",
};

it("reads the form: empty rule rows dropped, the rest in order, the flag and the schedule parsed", () => {
  const parsed = ldapSettingsFormSchema.parse(form);
  expect(parsed.areaRules).toEqual([{ areaId: area, match: "CN=Partners,OU=Groups,DC=example,DC=com" }]);
  expect(parsed.disabledByUserAccountControl).toBe(true);
  expect(parsed.scheduleMinutes).toBe(60);
  expect(parsed.caCertificate).toBeNull();
  expect(ldapSettingsFormSchema.parse({ ...form, scheduleMinutes: "" }).scheduleMinutes).toBeNull(); // off
  expect(ldapSettingsFormSchema.parse({ ...form, disabledByUserAccountControl: undefined }).disabledByUserAccountControl).toBe(false);
});

it("says what is wrong with each bad field", () => {
  const result = ldapSettingsFormSchema.safeParse({
    ...form,
    url: "https://dc1.example.com",
    caCertificate: "not a certificate",
    baseDn: "Staff",
    usernameAttribute: "sAM AccountName",
    userFilter: "(objectClass=user",
    "areaRules.1.match": "Partners",
    scheduleMinutes: "5",
  });
  expect(result.success).toBe(false);
  const messages = Object.fromEntries(result.error!.issues.map((i) => [String(i.path[0]), i.message]));
  expect(messages).toEqual({
    url: expect.stringMatching(/ldap:\/\/ .* or ldaps:\/\//),
    caCertificate: expect.stringMatching(/PEM/),
    baseDn: expect.stringMatching(/must be a DN/),
    usernameAttribute: expect.stringMatching(/attribute name/),
    userFilter: "The user filter has unbalanced parentheses.",
    areaRules: expect.stringMatching(/Rule 1: "Partners" is not a group DN/),
    scheduleMinutes: "Sync at most every 15 minutes.",
  });
  const noArea = ldapSettingsFormSchema.safeParse({ ...form, "areaRules.1.areaId": "", "areaRules.1.match": "" });
  expect(noArea.error?.issues[0].message).toMatch(/otherwise nobody is synced/);
});

it("checks filters' shape", () => {
  expect(filterProblem("(&(objectClass=user)(mail=*))")).toBeNull();
  expect(filterProblem("objectClass=user")).toMatch(/parentheses/);
  expect(filterProblem("(a=b))(")).toMatch(/unbalanced/);
  expect(filterProblem("(abc)")).toMatch(/no comparison/);
});

it("shows objectGUID as Active Directory does, escapes filter values, compares DNs loosely", () => {
  const guid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
  expect(formatObjectGuid(Buffer.from(objectGuidLdif(guid), "base64"))).toBe(guid);
  expect(() => formatObjectGuid(Buffer.alloc(3))).toThrow(/3 bytes/);
  expect(escapeFilterValue("a*b(c)\\d")).toBe("a\\2ab\\28c\\29\\5cd");
  expect(normalizeDn("CN=Partners, OU=Groups ,DC=Example,DC=com")).toBe("cn=partners,ou=groups,dc=example,dc=com");
});
