import "server-only";
import { db as defaultDb, type Db } from "../../db/client";
import { NotAllowedError, recordAuditEvent, type Actor } from "../../licensing";
import { peopleWhere } from "../people-query";
import { BULK_VERB, startBulkJobSchema, type StartBulkJobInput } from "./bulk-job-schemas";
import { describeView } from "./describe-view";

/** Accounts read per round trip while the job's list is written (memory stays flat at any size). */
const SNAPSHOT_CHUNK = 5000;

/**
 * Starts a block, unblock or delete of every account the view matches now. The list of accounts
 * is written with the job, in one transaction, so the job acts on exactly the people the
 * administrator saw counted, whatever changes later; the bulk-jobs worker of any app process then
 * works through it. A delete must be confirmed by typing the number of matching accounts.
 */
export async function startBulkJob(options: { actor: Actor & { id: string } } & StartBulkJobInput, client: Db = defaultDb()) {
  const { action, view, confirmation } = startBulkJobSchema.parse(options);
  const asOf = new Date();
  const where = peopleWhere(view, asOf);
  const area = view.area ? await client.area.findUnique({ where: { id: view.area }, select: { name: true } }) : null;
  const description = describeView(view, area?.name ?? null);
  return client.$transaction(
    async (tx) => {
      const total = await tx.account.count({ where });
      if (total === 0) throw new NotAllowedError("No account matches this view: there is nothing to do.");
      if (action === "DELETE" && confirmation !== String(total)) {
        throw new NotAllowedError(`Type the number of matching accounts, ${total}, to confirm the deletion.`);
      }
      const job = await tx.bulkJob.create({
        data: {
          action,
          description,
          view: { ...view, asOf: asOf.toISOString() },
          total,
          startedById: options.actor.id,
          startedByLabel: options.actor.label,
        },
      });
      let seq = 0;
      let after: string | undefined;
      for (;;) {
        const chunk = await tx.account.findMany({
          where: after === undefined ? where : { AND: [where, { username: { gt: after } }] },
          select: { id: true, username: true },
          orderBy: { username: "asc" },
          take: SNAPSHOT_CHUNK,
        });
        if (chunk.length === 0) break;
        await tx.bulkJobItem.createMany({ data: chunk.map((a) => ({ jobId: job.id, seq: ++seq, accountId: a.id, username: a.username })) });
        after = chunk[chunk.length - 1].username;
        if (chunk.length < SNAPSHOT_CHUNK) break;
      }
      // The count and the list were read in one transaction: they agree unless a row changed in
      // between, in which case the list is what the job acts on.
      if (seq !== total) await tx.bulkJob.update({ where: { id: job.id }, data: { total: seq } });
      await recordAuditEvent(tx, {
        actor: options.actor,
        action: "bulk.start",
        detail: `${BULK_VERB[action].verb} all ${seq} matching: ${description}.`,
      });
      return { ...job, total: seq };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
