"use server";

import { revalidatePath } from "next/cache";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { failureOfError } from "@/lib/actions/failure-of-error";
import { failure, success, type Result } from "@/lib/actions/result";
import { usernamesById } from "@/lib/accounts/account-details";
import { authorize } from "@/lib/auth/guards";
import { markNotificationsRead } from "@/lib/notifications/notifications";
import { blockAccount, createAccount, deleteAccount, unblockAccount, type Actor } from "@/lib/licensing";
import { kickMailDelivery } from "@/lib/mail/worker";
import { accountIdsSchema, createAccountFormSchema, deleteAccountsSchema, markNotificationsReadSchema } from "./schemas";

export const createAccountAction = defineFormAction({
  access: "peopleAdmin",
  input: createAccountFormSchema,
  run: async ({ input, actor }) => {
    // A password an administrator types is one the person must replace at the first sign-in.
    const oneTime = Boolean(input.password);
    const account = await createAccount({ actor, source: "FORM", account: input, mustChangePassword: oneTime });
    revalidatePath("/admin/people");
    kickMailDelivery(); // taking the last seat may have queued "pool is full" mail
    const password = oneTime ? " Its one-time password must be changed at the first sign-in." : "";
    return success(`Account ${account.username} created and active.${password}`);
  },
});

export type BulkOutcome = { id: string; username: string; outcome: "done" | "unchanged" | "refused"; message: string };
/** A bulk action reports per account; its message sums them up. */
export type BulkOutcomes = { outcomes: BulkOutcome[] };

/**
 * Runs one operation per account (each its own transaction) and reports each result. The caller's
 * rights are checked again before each account: one demoted or blocked half-way stops there.
 */
async function eachAccount(
  ids: string[],
  verb: { done: string; unchanged: string },
  run: (id: string, actor: Actor) => Promise<{ changed: boolean }>,
): Promise<Result<BulkOutcomes>> {
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
      outcomes.push({ id, username, outcome: "refused", message: failureOfError(error).error });
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
  return success(parts.join(", ") + ".", { outcomes });
}

export const blockAccountsAction = defineAction({
  access: "peopleAdmin",
  input: accountIdsSchema,
  run: ({ input }) =>
    eachAccount(input.ids, { done: "blocked", unchanged: "already blocked" }, (id, actor) => blockAccount({ actor, accountId: id })),
});

export const unblockAccountsAction = defineAction({
  access: "peopleAdmin",
  input: accountIdsSchema,
  run: ({ input }) =>
    eachAccount(input.ids, { done: "unblocked", unchanged: "already active" }, (id, actor) => unblockAccount({ actor, accountId: id })),
});

/**
 * Deletion is permanent, so it needs typed confirmation: the user name for one account, the
 * number of accounts for a selection.
 */
export const deleteAccountsAction = defineAction({
  access: "peopleAdmin",
  input: deleteAccountsSchema,
  run: async ({ input: { ids, confirmation } }) => {
    if (ids.length === 1) {
      const username = (await usernamesById(ids)).get(ids[0]);
      if (!username) return failure("That account does not exist any more.");
      if (confirmation.toLowerCase() !== username) return failure(`Type the user name "${username}" to confirm.`);
    } else if (confirmation !== String(ids.length)) {
      return failure(`Type the number of accounts, ${ids.length}, to confirm.`);
    }
    return eachAccount(ids, { done: "deleted", unchanged: "unchanged" }, async (id, actor) => {
      await deleteAccount({ actor, accountId: id });
      return { changed: true };
    });
  },
});

export const markNotificationsReadAction = defineAction({
  access: "peopleAdmin",
  input: markNotificationsReadSchema,
  run: async ({ input, account }) => {
    await markNotificationsRead({ recipientId: account.id, ids: input.ids });
    revalidatePath("/admin/people");
    return success("Marked as read.");
  },
});
