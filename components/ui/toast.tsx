"use client";

import { Toaster as SonnerToaster, toast } from "sonner";
import type { Result } from "@/lib/actions/result";

/** Once, in the root layout: where outcomes not tied to a form appear. */
export function Toaster() {
  return <SonnerToaster position="bottom-right" richColors closeButton duration={6000} toastOptions={{ className: "toast" }} />;
}

/**
 * Shows an action's outcome as a toast: for actions started by a button, not a form, so a refusal
 * is never dropped. Refusals stay until dismissed.
 */
export function toastResult(result: Result<unknown>) {
  if (result.ok) toast.success(result.message);
  else toast.error(result.error, { duration: Infinity });
}
