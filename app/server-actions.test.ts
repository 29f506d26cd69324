import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

// Every server action is reachable by anyone who can post to the site, hidden button or not:
// each exported action must check the caller's role before it does anything else.

function actionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return actionFiles(full);
    return /\.(ts|tsx)$/.test(name) && /^\s*["']use server["']/.test(readFileSync(full, "utf8")) ? [full] : [];
  });
}

/**
 * Each exported async function's name and body. The signature may span lines (a formatter wraps
 * long ones): the body starts at the first "{" that ends a line once the parameters are closed.
 */
function exportedFunctions(source: string): { name: string; body: string }[] {
  const found: { name: string; body: string }[] = [];
  for (const match of source.matchAll(/export async function (\w+)\(/g)) {
    let depth = 1;
    let i = match.index + match[0].length;
    for (; i < source.length && depth > 0; i++) {
      if (source[i] === "(") depth++;
      if (source[i] === ")") depth--;
    }
    const signatureEnd = source.slice(i).search(/\{\n/);
    const start = i + signatureEnd + 2;
    const end = source.indexOf("\n}", start);
    found.push({ name: match[1], body: source.slice(start, end) });
  }
  return found;
}

const EXPECTED_ROLES: Record<string, string> = {
  createAccountAction: '"peopleAdmin"',
  blockAccountsAction: '"peopleAdmin"',
  unblockAccountsAction: '"peopleAdmin"',
  deleteAccountsAction: '"peopleAdmin"',
  markNotificationsReadAction: '"peopleAdmin"',
  previewImportAction: '"peopleAdmin"',
  applyImportAction: '"peopleAdmin"',
  raiseLicenseRequestAction: '"peopleAdmin", "sysadmin"',
  updateSettingsAction: '"sysadmin"',
  previewLicenseAction: '"sysadmin"',
  applyLicenseAction: '"sysadmin"',
  createScimTokenAction: '"sysadmin"',
  revokeScimTokenAction: '"sysadmin"',
  createAreaAction: '"peopleAdmin"',
  renameAreaAction: '"peopleAdmin"',
  deleteAreaAction: '"peopleAdmin"',
  updateProfileAction: '"peopleAdmin"',
  moveAccountAction: '"peopleAdmin"',
  changeRolesAction: '"sysadmin"',
  setOneTimePasswordAction: '"peopleAdmin", "sysadmin"',
  sendPasswordLinkAction: '"peopleAdmin", "sysadmin"',
  appointAction: '"sysadmin"',
  revokeAction: '"sysadmin"',
  // My account: any signed-in person.
  changePasswordAction: "",
  signOutEverywhereAction: "",
};
// Open to everyone: signing in, and setting a password with an e-mailed single-use link (the link's
// token is the credential, checked in lib/accounts).
const PUBLIC = new Set(["signInAction", "setPasswordWithLinkAction"]);

it("every server action authorises its caller first, with the right role", () => {
  const seen: string[] = [];
  for (const file of actionFiles(path.resolve("app"))) {
    const source = readFileSync(file, "utf8");
    for (const { name, body } of exportedFunctions(source)) {
      seen.push(name);
      if (PUBLIC.has(name)) continue;
      const firstStatement = body.trim().split("\n")[0];
      expect(firstStatement, `${name} in ${path.relative(process.cwd(), file)}`).toBe(
        `const auth = await authorize(${EXPECTED_ROLES[name]});`,
      );
      expect(body, name).toMatch(/if \(!auth\.ok\) return/);
    }
  }
  expect(seen.sort()).toEqual([...Object.keys(EXPECTED_ROLES), ...PUBLIC].sort());
});
