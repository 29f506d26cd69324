import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

// What a new password must be (NIST SP 800-63B's advice: length, not composition rules, and
// not a password attackers try first). The common-password list is zxcvbn-ts's, a maintained
// package, not one typed in by hand.

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

let checker: { estimator: ZxcvbnFactory; common: Set<string> } | undefined;
function passwordChecker() {
  checker ??= {
    estimator: new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs }),
    common: new Set(common.dictionary["passwords-common"].map((p) => p.toLowerCase())),
  };
  return checker;
}

/** Why a password may not be used, or null when it is fine. */
export function passwordProblem(password: string, context: { username: string; email?: string | null }): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  const personal = [context.username, context.email ?? ""].filter(Boolean).map((s) => s!.toLowerCase());
  if (personal.includes(lower)) return "Do not use your user name or e-mail address as your password.";
  const { estimator, common: list } = passwordChecker();
  if (list.has(lower)) return "This is one of the most commonly used passwords: choose another.";
  const result = estimator.check(password, personal);
  if (result.score < 3) {
    return "This password is too easy to guess (close to a common password, your name, or a simple pattern). A few unrelated words make a strong one.";
  }
  return null;
}
