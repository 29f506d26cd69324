"use server";

import { revalidatePath } from "next/cache";
import { authorize } from "@/lib/auth/guards";
import { usernamesById } from "@/lib/accounts/account-details";
import { markNotificationsRead } from "@/lib/notifications/notifications";
import { blockAccount, createAccount, deleteAccount, unblockAccount, type Actor } from "@/lib/licensing";
import { kickMailDelivery } from "@/lib/mail/worker";
import { formErrors, licensingErrorResult, type ActionResult } from "@/app/admin/action-result";
import { accountIdsSchema, createAccountFormSchema, deleteAccountsSchema, markNotificationsReadSchema } from "./schemas";

// Thin: parse with zod, check the role, call lib/licensing, word the outcome, revalidate.

export async function createAccountAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = createAccountFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formErrors(parsed.error);
  try {
    // A password an administrator types is one the person must replace at the first sign-in.
    const oneTime = Boolean(parsed.data.password);
    const account = await createAccount({ actor: auth.actor, source: "FORM", account: parsed.data, mustChangePassword: oneTime });
    revalidatePath("/admin/people");
    kickMailDelivery(); // taking the last seat may have queued "pool is full" mail
    const password = oneTime ? " Its one-time password must be changed at the first sign-in." : "";
    return { ok: true, message: `Account ${account.username} created and active.${password}` };
  } catch (error) {
    return licensingErrorResult(error);
  }
}

export type BulkOutcome = { id: string; username: string; outcome: "done" | "unchanged" | "refused"; message: string };
/** A bulk action always reports per account; `error` is for a request refused as a whole. */
export type BulkResult = { ok: true; summary: string; outcomes: BulkOutcome[] } | { ok: false; error: string };

/**
 * Runs one operation per account (each its own transaction) and reports each result. The caller's
 * rights are checked again before each account: one demoted or blocked half-way stops there.
 */
async function eachAccount(
  ids: string[],
  verb: { done: string; unchanged: string },
  run: (id: string, actor: Actor) => Promise<{ changed: boolean }>,
): Promise<BulkResult> {
  const names = await usernamesById(ids);
  const outcomes: BulkOutcome[] = [];
  for (const id of ids) {
    const username = names.get(id) ?? id;
    const still = await authorize("peopleAdmin");
    if (!still.ok) {
      outcomes.push({ id, username, outcome: "refused", message: still.error });
      continue;
    }
    try {
      const { changed } = await run(id, still.actor);
      outcomes.push({ id, username, outcome: changed ? "done" : "unchanged", message: changed ? verb.done : verb.unchanged });
    } catch (error) {
      const result = licensingErrorResult(error);
      outcomes.push({ id, username, outcome: "refused", message: result.ok ? "" : result.error });
    }
  }
  revalidatePath("/admin/people");
  kickMailDelivery();
  const done = outcomes.filter((o) => o.outcome === "done").length;
  const refused = outcomes.filter((o) => o.outcome === "refused").length;
  const unchanged = outcomes.length - done - refused;
  const parts = [`${done} ${verb.done}`];
  if (unchanged) parts.push(`${unchanged} ${verb.unchanged}`);
  if (refused) parts.push(`${refused} refused`);
  return { ok: true, summary: parts.join(", ") + ".", outcomes };
}

export async function blockAccountsAction(input: { ids: string[] }): Promise<BulkResult> {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = accountIdsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  return eachAccount(parsed.data.ids, { done: "blocked", unchanged: "already blocked" }, (id, actor) =>
    blockAccount({ actor, accountId: id }),
  );
}

export async function unblockAccountsAction(input: { ids: string[] }): Promise<BulkResult> {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = accountIdsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  return eachAccount(parsed.data.ids, { done: "unblocked", unchanged: "already active" }, (id, actor) =>
    unblockAccount({ actor, accountId: id }),
  );
}

/**
 * Deletion is permanent, so it needs typed confirmation: the user name for one account, the
 * number of accounts for a selection.
 */
export async function deleteAccountsAction(input: { ids: string[]; confirmation: string }): Promise<BulkResult> {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = deleteAccountsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  const { ids, confirmation } = parsed.data;
  if (ids.length === 1) {
    const username = (await usernamesById(ids)).get(ids[0]);
    if (!username) return { ok: false, error: "That account does not exist any more." };
    if (confirmation.toLowerCase() !== username) return { ok: false, error: `Type the user name "${username}" to confirm.` };
  } else if (confirmation !== String(ids.length)) {
    return { ok: false, error: `Type the number of accounts, ${ids.length}, to confirm.` };
  }
  return eachAccount(ids, { done: "deleted", unchanged: "unchanged" }, async (id, actor) => {
    await deleteAccount({ actor, accountId: id });
    return { changed: true };
  });
}

export async function markNotificationsReadAction(input: { ids?: string[] }): Promise<ActionResult> {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = markNotificationsReadSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  await markNotificationsRead({ recipientId: auth.account.id, ids: parsed.data.ids });
  revalidatePath("/admin/people");
  return { ok: true, message: "Marked as read." };
}
