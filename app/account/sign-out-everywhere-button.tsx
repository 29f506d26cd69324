"use client";

import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { toastResult } from "@/components/ui/toast";
import { signOutEverywhereAction } from "./actions";

// Once done the action sends the browser to sign-in; a refusal stays on screen as a toast.
export function SignOutEverywhereButton() {
  const [pending, startTransition] = useTransition();
  return (
    <div>
      <Button variant="danger" disabled={pending} onClick={() => startTransition(async () => toastResult(await signOutEverywhereAction()))}>
        {pending ? "Signing out…" : "Sign out everywhere"}
      </Button>
    </div>
  );
}
