"use client";

import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ProgressBar } from "@/components/ui/progress";
import { toastResult } from "@/components/ui/toast";
import { utcMinute } from "@/lib/format/utc";
import type { BulkJobProgress } from "@/lib/people/bulk-jobs/read-bulk-jobs";
import { BULK_VERB } from "@/lib/people/bulk-jobs/bulk-job-schemas";
import { cancelBulkJobAction } from "../actions";
import { JOB_STATE_BADGE } from "../job-state";

const POLL_MS = 1000;

/** A job's progress, polled every second while it runs; Cancel while it runs, the outcome file at any time. */
export function JobProgress({ initial }: { initial: BulkJobProgress }) {
  const [job, setJob] = useState(initial);
  const [confirming, setConfirming] = useState(false);
  const running = job.state === "RUNNING";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(async () => {
      const response = await fetch(`/admin/people/bulk-jobs/${job.id}/status`, { cache: "no-store" });
      if (response.ok) setJob(await response.json());
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, job.id]);
  const fmt = (n: number) => n.toLocaleString("en");
  const verb = BULK_VERB[job.action];
  return (
    <section className="card" aria-labelledby="job-title" data-testid="bulk-job">
      <div className="section-title">
        <h2 id="job-title">
          {verb.verb} all {fmt(job.total)} matching: {job.description}
        </h2>
        <Badge tone={JOB_STATE_BADGE[job.state].tone} data-testid="bulk-job-state">
          {JOB_STATE_BADGE[job.state].word}
        </Badge>
      </div>
      <p className="muted">
        Started by {job.startedByLabel} at {utcMinute(job.createdAt)}
        {job.finishedAt ? `, ended at ${utcMinute(job.finishedAt)}` : ""}.
      </p>
      <ProgressBar value={job.processed} max={job.total} label="Accounts processed" />
      <p className="bulk-job-figures" aria-live="polite" data-testid="bulk-job-figures">
        <span>
          <strong>{fmt(job.processed)}</strong> of {fmt(job.total)} processed
        </span>
        <span>
          {fmt(job.done)} {verb.past}
        </span>
        <span>{fmt(job.unchanged)} unchanged</span>
        <span>{fmt(job.refused)} refused</span>
      </p>
      {job.stopReason ? <p className="alert alert-warning">{job.stopReason}</p> : null}
      <div className="filter-buttons">
        <Button asChild>
          <a href={`/admin/people/bulk-jobs/${job.id}/outcomes`} download>
            Download the outcome of each account (CSV)
          </a>
        </Button>
        {running ? (
          <ConfirmDialog
            open={confirming}
            onOpenChange={setConfirming}
            trigger={<Button variant="danger">Cancel the job…</Button>}
            title="Cancel this job?"
            confirmLabel="Cancel the job"
            pendingLabel="Cancelling…"
            danger
            onConfirm={async () => {
              const result = await cancelBulkJobAction({ jobId: job.id });
              if (!result.ok) return result.error;
              toastResult(result);
              const response = await fetch(`/admin/people/bulk-jobs/${job.id}/status`, { cache: "no-store" });
              if (response.ok) setJob(await response.json());
              return null;
            }}
          >
            <p>
              The batch in progress finishes; nothing after it is processed. The accounts already {verb.past} stay so: the outcome file
              lists them, and those not processed.
            </p>
          </ConfirmDialog>
        ) : null}
      </div>
    </section>
  );
}
