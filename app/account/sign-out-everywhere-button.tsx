"use client";

import { useState, useTransition } from "react";
import { signOutEverywhereAction } from "./actions";

export function SignOutEverywhereButton() {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="stack">
      <div>
        <button
          type="button"
          className="button button-danger"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await signOutEverywhereAction();
              if (!result.ok) setError(result.error);
            })
          }
        >
          {pending ? "Signing out…" : "Sign out everywhere"}
        </button>
      </div>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
